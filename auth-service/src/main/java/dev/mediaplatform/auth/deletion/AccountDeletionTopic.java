package dev.mediaplatform.auth.deletion;

import java.time.Duration;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The {@code account.deletions} topic, which auth-service owns: keyed by user id, read by
 * camera-service. Retained 30 days, so that a consumer that was down (or a new consumer
 * group) still learns of deletions it missed; the replication factor is the broker's
 * default.
 */
@Configuration(proxyBeanMethods = false)
class AccountDeletionTopic {

	static final String NAME = "account.deletions";

	@Bean
	NewTopic accountDeletionsTopic() {
		return TopicBuilder.name(NAME)
			.partitions(12)
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(30).toMillis()))
			.build();
	}

}
