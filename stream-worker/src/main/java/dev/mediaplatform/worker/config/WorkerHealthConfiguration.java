package dev.mediaplatform.worker.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Readiness of a worker: it can reach the Kafka cluster that sends it commands, and it
 * can write to the shared storage its pipelines write to. Neither is part of liveness:
 * restarting the worker fixes neither.
 */
@Configuration(proxyBeanMethods = false)
class WorkerHealthConfiguration {

	@Bean(destroyMethod = "close")
	Admin kafkaHealthAdmin(KafkaAdmin kafkaAdmin) {
		return Admin.create(kafkaAdmin.getConfigurationProperties());
	}

	@Bean
	HealthIndicator kafkaHealthIndicator(Admin kafkaHealthAdmin, WorkerProperties properties) {
		long timeout = properties.kafkaHealthTimeout().toMillis();
		return () -> {
			try {
				var cluster = kafkaHealthAdmin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout));
				int nodes = cluster.nodes().get(timeout, TimeUnit.MILLISECONDS).size();
				return Health.up().withDetail("nodes", nodes).build();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Health.down().withDetail("reason", "interrupted").build();
			}
			catch (Exception ex) {
				return Health.down().withDetail("reason", "Kafka cluster not reachable").build();
			}
		};
	}

	@Bean
	HealthIndicator storageHealthIndicator(WorkerProperties properties) {
		Path storage = properties.storageDir().toAbsolutePath();
		return () -> {
			try {
				Files.createDirectories(storage);
				Path probe = Files.createTempFile(storage, ".health", ".tmp");
				Files.delete(probe);
				return Health.up().withDetail("path", storage.toString()).build();
			}
			catch (IOException | RuntimeException ex) {
				return Health.down()
					.withDetail("path", storage.toString())
					.withDetail("reason", "not writable")
					.build();
			}
		};
	}

}
