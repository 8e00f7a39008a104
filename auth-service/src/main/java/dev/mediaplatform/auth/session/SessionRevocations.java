package dev.mediaplatform.auth.session;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.mediaplatform.auth.config.AuthProperties;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Announces ended sessions on {@code auth.sessions}, which every gateway reads from its
 * start, so that the access tokens of a session that logged out are refused at once
 * everywhere instead of until they expire. Sent after the commit, on a thread of its own:
 * a logout never waits for Kafka. When Kafka cannot take it, the refresh tokens are
 * revoked all the same and the access tokens keep working until they expire (at most the
 * access-token lifetime), which the log says.
 */
@Component
class SessionRevocations {

	/** The topic, which auth-service owns and the gateways read. */
	static final String TOPIC = "auth.sessions";

	private static final Logger log = LoggerFactory.getLogger(SessionRevocations.class);

	private final ExecutorService sender = Executors
		.newSingleThreadExecutor(new CustomizableThreadFactory("session-revocations-"));

	private final KafkaTemplate<String, String> kafka;

	private final KafkaAdmin admin;

	private final JsonMapper json;

	private final NewTopic topic;

	// Only the sender thread reads and writes it.
	private boolean topicReady;

	SessionRevocations(KafkaTemplate<String, String> kafka, KafkaAdmin admin, JsonMapper json,
			AuthProperties properties) {
		this.kafka = kafka;
		this.admin = admin;
		this.json = json;
		this.topic = topic(properties.tokens().accessTokenTtl());
	}

	/**
	 * One partition (a gateway reads all of it from the start) kept an hour longer than
	 * an access token lives: a gateway that starts reads every session whose tokens still
	 * work.
	 */
	static NewTopic topic(Duration accessTokenTtl) {
		return TopicBuilder.name(TOPIC)
			.partitions(1)
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(accessTokenTtl.plusHours(1).toMillis()))
			.build();
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
			this.kafka.send(TOPIC, ended.sessionId(), this.json.writeValueAsString(ended)).get(20, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			log.warn(
					"Session {} of user {} ended, but it could not be announced on {} ({}): its access tokens keep "
							+ "working until {}",
					ended.sessionId(), ended.userId(), TOPIC, ex.toString(), ended.until());
		}
	}

	private boolean topicReady() {
		if (!this.topicReady) {
			try {
				this.admin.createOrModifyTopics(this.topic);
				this.topicReady = true;
			}
			catch (RuntimeException ex) {
				log.warn("Cannot create the topic {} on Kafka yet ({}); tried again with the next logout", TOPIC,
						ex.toString());
			}
		}
		return this.topicReady;
	}

	@PreDestroy
	void stop() {
		this.sender.shutdown();
	}

}
