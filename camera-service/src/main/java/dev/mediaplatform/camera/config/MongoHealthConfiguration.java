package dev.mediaplatform.camera.config;

import org.bson.Document;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Checks MongoDB with {@code ping} instead of Boot's {@code hello}: the wire-protocol
 * server of the local platform does not know {@code hello}, and {@code ping} means the
 * same to every real MongoDB. Replaces Boot's indicator of the same name, so readiness
 * keeps its {@code mongo} component.
 */
@Configuration(proxyBeanMethods = false)
class MongoHealthConfiguration {

	@Bean
	HealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
		return () -> {
			try {
				Document answer = mongo.executeCommand(new Document("ping", 1));
				return Health.up()
					.withDetail("database", mongo.getDb().getName())
					.withDetail("ok", answer.get("ok"))
					.build();
			}
			catch (RuntimeException ex) {
				return Health.down().withDetail("reason", "MongoDB not reachable").build();
			}
		};
	}

}
