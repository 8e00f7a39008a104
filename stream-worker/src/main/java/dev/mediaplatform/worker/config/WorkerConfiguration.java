package dev.mediaplatform.worker.config;

import java.time.Clock;
import java.time.Duration;

import dev.mediaplatform.kafka.KafkaReachability;
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
 * The topics, declared exactly as camera-service declares them so that whichever starts
 * first creates them right, and one error handler for the listeners: a message that keeps
 * failing goes to its dead-letter topic with the reason.
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WorkerConfiguration.class);

	@Bean
	KafkaReachability kafkaReachability(KafkaAdmin admin, MeterRegistry meters) {
		return new KafkaReachability(admin, meters, "this worker receives no camera commands and cannot report "
				+ "statuses or recordings; the cameras it runs keep running");
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	NewTopic commandsTopic(WorkerProperties properties) {
		return TopicBuilder.name(properties.topics().commands())
			.partitions(properties.topics().partitions())
			.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
			.config(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "60000")
			.build();
	}

	@Bean
	NewTopic statusTopic(WorkerProperties properties) {
		return TopicBuilder.name(properties.topics().status())
			.partitions(properties.topics().partitions())
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(24L * 3600 * 1000))
			.build();
	}

	@Bean
	NewTopic recordingsTopic(WorkerProperties properties) {
		return TopicBuilder.name(properties.topics().recordings())
			.partitions(properties.topics().partitions())
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(7L * 24 * 3600 * 1000))
			.build();
	}

	@Bean
	NewTopic recordingDeletionsTopic(WorkerProperties properties) {
		return TopicBuilder.name(properties.topics().recordingDeletions())
			.partitions(properties.topics().partitions())
			.build();
	}

	/**
	 * Where deletions no worker can read go. The recoverer keeps a message's partition,
	 * so this topic has as many as the one it serves (one made by the broker on the fly
	 * would have one, and every send to another partition would hang).
	 */
	@Bean
	NewTopic recordingDeletionsDeadLetterTopic(WorkerProperties properties) {
		return TopicBuilder.name(properties.topics().recordingDeletions() + "-dlt")
			.partitions(properties.topics().partitions())
			.build();
	}

	/**
	 * Where commands no worker can read go (a key that is no camera id, a value that is
	 * not a camera command or names another camera), with the reason, as many partitions
	 * as the commands topic.
	 */
	@Bean
	NewTopic commandsDeadLetterTopic(WorkerProperties properties) {
		return TopicBuilder.name(properties.topics().commands() + "-dlt")
			.partitions(properties.topics().partitions())
			.build();
	}

	/**
	 * Sends an unreadable command to {@code <commands>-dlt}, in the partition it came
	 * from; waits at most 10 s for the broker, so that a broker that is down does not
	 * hold the commands consumer.
	 */
	@Bean
	DeadLetterPublishingRecoverer commandDeadLetters(KafkaTemplate<String, String> template) {
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(record.topic() + "-dlt", record.partition()));
		deadLetters.setWaitForSendResultTimeout(Duration.ofSeconds(10));
		return deadLetters;
	}

	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> template) {
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template);
		return new DefaultErrorHandler((record, ex) -> {
			log.error("A message from {} keeps failing ({}); it goes to the dead-letter topic", record.topic(),
					(ex.getCause() != null) ? ex.getCause().toString() : ex.toString());
			deadLetters.accept(record, ex);
		}, new FixedBackOff(500, 2));
	}

}
