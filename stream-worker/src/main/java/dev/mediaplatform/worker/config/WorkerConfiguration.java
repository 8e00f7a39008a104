package dev.mediaplatform.worker.config;

import java.time.Clock;
import java.time.Duration;

import dev.mediaplatform.kafka.KafkaReachability;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The topics shared with camera-service (declared by {@code platform-topics}, so that
 * whichever starts first creates them right), and one error handler for the listeners: a
 * message that keeps failing goes to its dead-letter topic with the reason.
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
	KafkaAdmin.NewTopics platformTopics(WorkerProperties properties) {
		return properties.topics().platform().newTopics();
	}

	/**
	 * Where deletions no worker can read go, with as many partitions as the topic it
	 * serves.
	 */
	@Bean
	NewTopic recordingDeletionsDeadLetterTopic(WorkerProperties properties) {
		return properties.topics().platform().deadLetter(properties.topics().recordingDeletions());
	}

	/**
	 * Where commands no worker can read go (a key that is no camera id, a value that is
	 * not a camera command or names another camera), with the reason, as many partitions
	 * as the commands topic.
	 */
	@Bean
	NewTopic commandsDeadLetterTopic(WorkerProperties properties) {
		return properties.topics().platform().deadLetter(properties.topics().commands());
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
