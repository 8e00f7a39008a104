package dev.mediaplatform.camera.realtime;

import dev.mediaplatform.sessions.EndedSessions;
import dev.mediaplatform.sessions.SessionEnded;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Sessions that ended, as auth-service announces them: every replica reads them all from
 * the topic's start in a consumer group of its own, so that the session's access tokens
 * are refused here too (the API and Socket.IO check tokens with the same decoder) and its
 * connected Socket.IO clients are disconnected at once. A record that is no ended session
 * is logged and skipped.
 */
@Component
class SessionEndings {

	private static final Logger log = LoggerFactory.getLogger(SessionEndings.class);

	private final EndedSessions sessions;

	private final SocketIoServer socketIo;

	SessionEndings(EndedSessions sessions, SocketIoServer socketIo) {
		this.sessions = sessions;
		this.socketIo = socketIo;
	}

	@KafkaListener(topics = SessionEnded.TOPIC, groupId = "camera-service-sessions-#{T(java.util.UUID).randomUUID()}",
			properties = "auto.offset.reset=earliest")
	void onSessionEnded(ConsumerRecord<String, String> record) {
		SessionEnded.fromJson(record.value()).ifPresentOrElse((ended) -> {
			this.sessions.ended(ended);
			this.socketIo.sessionEnded(ended.sessionId());
		}, () -> log.warn("Skipped record {} of {}-{}: it is no ended session", record.offset(), record.topic(),
				record.partition()));
	}

}
