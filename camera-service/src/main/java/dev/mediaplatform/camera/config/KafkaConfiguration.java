package dev.mediaplatform.camera.config;

import dev.mediaplatform.kafka.KafkaReachability;
import dev.mediaplatform.topics.PlatformTopics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The topics camera-service owns, and one error handler: a message that keeps failing
 * goes to its dead-letter topic.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(KafkaConfiguration.class);

	/** Published by auth-service when an account is deleted. */
	static final String ACCOUNT_DELETIONS = "account.deletions";

	/** The dead-letter recoverer's default: {@code <topic>-dlt}. */
	static final String DEAD_LETTER_SUFFIX = PlatformTopics.DEAD_LETTER_SUFFIX;

	@Bean
	KafkaReachability kafkaReachability(KafkaAdmin admin, MeterRegistry meters) {
		return new KafkaReachability(admin, meters, "camera changes are kept and published when it answers, and live "
				+ "status and recordings from the stream workers do not arrive meanwhile");
	}

	/**
	 * The topics camera-service shares with the stream workers, declared alike by both.
	 */
	@Bean
	KafkaAdmin.NewTopics platformTopics(CameraProperties properties) {
		return properties.topics().platform().newTopics();
	}

	@Bean
	NewTopic eventsTopic(CameraProperties properties) {
		// Read from its end by every replica as it starts: an hour covers any replica's
		// lag; a client that was disconnected reloads its cameras on reconnecting.
		return TopicBuilder.name(properties.topics().events())
			.partitions(properties.topics().partitions())
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(3600L * 1000))
			.build();
	}

	@Bean
	NewTopic eventsDeadLetterTopic(CameraProperties properties) {
		return properties.topics().platform().deadLetter(properties.topics().events());
	}

	/**
	 * The dead-letter topics of the topics camera-service reads, with as many partitions:
	 * the recoverer sends a record to the partition it came from, and a topic the broker
	 * creates on first use has one, so such a send would wait for a partition that never
	 * comes and block its listener.
	 */
	@Bean
	NewTopic statusDeadLetterTopic(CameraProperties properties) {
		return properties.topics().platform().deadLetter(properties.topics().status());
	}

	@Bean
	NewTopic recordingsDeadLetterTopic(CameraProperties properties) {
		return properties.topics().platform().deadLetter(properties.topics().recordings());
	}

	/**
	 * The dead-letter topic of account deletions, which auth-service publishes (and whose
	 * partitions it decides): dead letters go to any of its partitions.
	 */
	@Bean
	NewTopic accountDeletionsDeadLetterTopic() {
		return TopicBuilder.name(ACCOUNT_DELETIONS + DEAD_LETTER_SUFFIX).partitions(1).build();
	}

	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> template) {
		// Dead letters of a topic another service owns go to a partition the producer
		// picks; of camera-service's own topics, to the partition they came from.
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(record.topic() + DEAD_LETTER_SUFFIX,
						record.topic().equals(ACCOUNT_DELETIONS) ? -1 : record.partition()));
		return new DefaultErrorHandler((record, ex) -> {
			log.error("A message from {} keeps failing ({}); it goes to the dead-letter topic", record.topic(),
					(ex.getCause() != null) ? ex.getCause().toString() : ex.toString());
			deadLetters.accept(record, ex);
		}, new FixedBackOff(500, 2));
	}

}
