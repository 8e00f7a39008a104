package dev.mediaplatform.auth.session;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.mediaplatform.auth.config.AuthProperties;
import dev.mediaplatform.sessions.SessionEnded;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Announces ended sessions on {@code auth.sessions}, which every gateway and
 * camera-service replica reads from its start, so that the access tokens of a session
 * that logged out are refused at once everywhere instead of until they expire. Sent after
 * the commit, on a thread of its own: a logout never waits for Kafka. When Kafka cannot
 * take it, the refresh tokens are revoked all the same and the access tokens keep working
 * until they expire (at most the access-token lifetime), which the log says.
 */
@Component
class SessionRevocations {

	private static final Logger log = LoggerFactory.getLogger(SessionRevocations.class);

	private final ExecutorService sender = Executors
		.newSingleThreadExecutor(new CustomizableThreadFactory("session-revocations-"));

	private final KafkaTemplate<String, String> kafka;

	private final KafkaAdmin admin;

	private final NewTopic topic;

	// Only the sender thread reads and writes it.
	private boolean topicReady;

	SessionRevocations(KafkaTemplate<String, String> kafka, KafkaAdmin admin, AuthProperties properties) {
		this.kafka = kafka;
		this.admin = admin;
		this.topic = SessionEnded.topic(properties.tokens().accessTokenTtl());
	}

	/** The topic exists before the first logout, for the gateways to subscribe to. */
	@EventListener(ApplicationReadyEvent.class)
	void createTopic() {
		this.sender.execute(this::topicReady);
	}

	@TransactionalEventListener
	void onSessionEnded(SessionEnded ended) {
		this.sender.execute(() -> send(ended));
	}

	private void send(SessionEnded ended) {
		if (!topicReady()) {
			log.warn("Session {} of user {} ended, but Kafka cannot take it: its access tokens keep working until {}",
					ended.sessionId(), ended.userId(), ended.until());
			return;
		}
		try {
			this.kafka.send(SessionEnded.TOPIC, ended.sessionId(), ended.toJson()).get(20, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			log.warn(
					"Session {} of user {} ended, but it could not be announced on {} ({}): its access tokens keep "
							+ "working until {}",
					ended.sessionId(), ended.userId(), SessionEnded.TOPIC, ex.toString(), ended.until());
		}
	}

	private boolean topicReady() {
		if (!this.topicReady) {
			try {
				this.admin.createOrModifyTopics(this.topic);
				this.topicReady = true;
			}
			catch (RuntimeException ex) {
				log.warn("Cannot create the topic {} on Kafka at {} yet ({}): until it exists, a logged-out session's "
						+ "access tokens keep working until they expire. Tried again with the next logout; check that "
						+ "KAFKA_BOOTSTRAP_SERVERS names a broker that answers", SessionEnded.TOPIC,
						this.admin.getConfigurationProperties().get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG),
						NestedExceptionUtils.getMostSpecificCause(ex).toString());
			}
		}
		return this.topicReady;
	}

	@PreDestroy
	void stop() {
		this.sender.shutdown();
	}

}
