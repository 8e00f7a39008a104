package dev.mediaplatform.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Says once that Kafka went away, with the cause and the fix, and once that it is back:
 * the Kafka client's own loggers, which log every reconnect, are quietened in
 * {@code application.yml}. Asks the cluster every ten seconds, and exports the answer as
 * {@code mediaplatform_kafka_reachable}. A service declares it as a bean, saying what an
 * outage means for it; scheduling must be enabled.
 */
public final class KafkaReachability {

	private static final Logger log = LoggerFactory.getLogger(KafkaReachability.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final Admin admin;

	private final String servers;

	/** What an outage means for this service, for its operator. */
	private final String consequence;

	/** 1 while Kafka answers; 0 before the first answer and while it does not. */
	private volatile int reachable;

	/**
	 * Since when Kafka has not answered; null while it does or before the first check.
	 */
	private Instant lostAt;

	public KafkaReachability(KafkaAdmin kafkaAdmin, MeterRegistry meters, String consequence) {
		this.consequence = consequence;
		this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
		Object servers = kafkaAdmin.getConfigurationProperties().get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
		this.servers = (servers instanceof Collection<?> list)
				? list.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(servers);
		Gauge.builder("mediaplatform.kafka.reachable", () -> this.reachable)
			.description("1 while the Kafka cluster answers this service, 0 while it does not")
			.register(meters);
	}

	@Scheduled(initialDelay = 10, fixedDelay = 10, timeUnit = TimeUnit.SECONDS)
	public synchronized void check() {
		try {
			this.admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
				.nodes()
				.get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
			if (this.lostAt != null) {
				log.info("Kafka at {} answers again (it did not for {}s)", this.servers,
						Duration.between(this.lostAt, Instant.now()).toSeconds());
				this.lostAt = null;
			}
			this.reachable = 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			if (this.lostAt == null) {
				this.lostAt = Instant.now();
				log.warn(
						"Kafka at {} does not answer ({}): {}. Check that Kafka runs and that KAFKA_BOOTSTRAP_SERVERS "
								+ "names it; its clients keep trying by themselves.",
						this.servers, cause(ex), this.consequence);
			}
			this.reachable = 0;
		}
	}

	private static String cause(Exception ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

	@PreDestroy
	public void close() {
		this.admin.close(Duration.ofSeconds(2));
	}

}
