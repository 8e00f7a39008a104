package dev.mediaplatform.worker.config;

import java.time.Clock;

import dev.mediaplatform.worker.media.FfmpegEngine;
import dev.mediaplatform.worker.media.MediaEngine;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The media engine, and the two topics, declared exactly as camera-service declares them
 * so that whichever starts first creates them right.
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

	@Bean
	MediaEngine mediaEngine(WorkerProperties properties) {
		return new FfmpegEngine(properties.media().settings());
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

}
