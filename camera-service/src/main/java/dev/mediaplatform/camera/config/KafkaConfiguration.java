package dev.mediaplatform.camera.config;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
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

	@Bean
	NewTopic commandsTopic(CameraProperties properties) {
		// Compacted: the latest desired state of every camera stays, so a worker can
		// rebuild it from the start.
		return TopicBuilder.name(properties.topics().commands())
			.partitions(properties.topics().partitions())
			.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
			.config(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "60000")
			.build();
	}

	@Bean
	NewTopic statusTopic(CameraProperties properties) {
		return TopicBuilder.name(properties.topics().status())
			.partitions(properties.topics().partitions())
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(24L * 3600 * 1000))
			.build();
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
