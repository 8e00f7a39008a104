package dev.mediaplatform.auth.deletion;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Whether Kafka answers the relay: said once when it stops and once when it is back, and
 * meanwhile the wait before each periodic pass doubles from the relay's interval up to
 * its maximum. Kept apart from {@link AccountDeletionRelay} so that the relay reads as
 * what it publishes, and this as how an outage is lived through.
 */
final class KafkaOutage {

	private static final Logger log = LoggerFactory.getLogger(KafkaOutage.class);

	private final KafkaAdmin admin;

	private final Duration interval;

	private final ExponentialBackOff backOff;

	// Guarded by this: since when Kafka has not answered, null while it does, and the
	// waits between periodic passes meanwhile.
	private Instant unreachableSince;

	private BackOffExecution waits;

	/** The wait before the next periodic pass. */
	private volatile Duration nextWait;

	KafkaOutage(KafkaAdmin admin, Duration interval, Duration maxInterval) {
		this.admin = admin;
		this.interval = interval;
		this.backOff = new ExponentialBackOff(interval.toMillis(), 2);
		this.backOff.setMaxInterval(Math.max(interval.toMillis(), maxInterval.toMillis()));
		this.nextWait = interval;
	}

	Duration nextWait() {
		return this.nextWait;
	}

	/** Kafka did not answer: says so the first time, and waits longer each pass. */
	synchronized void unreachable(Exception ex) {
		if (this.unreachableSince == null) {
			this.unreachableSince = Instant.now();
			this.waits = this.backOff.start();
			log.warn("Kafka at {} does not answer ({}): account deletions wait in the outbox until it does, and "
					+ "camera-service keeps those accounts' cameras and shares meanwhile. Check that Kafka runs and "
					+ "that KAFKA_BOOTSTRAP_SERVERS names it. Trying again after {}s, then less often, at most "
					+ "{}s apart.", bootstrapServers(), cause(ex), this.interval.toSeconds(),
					Duration.ofMillis(this.backOff.getMaxInterval()).toSeconds());
		}
		this.nextWait = Duration.ofMillis(this.waits.nextBackOff());
	}

	/** Kafka answered: says so if it had not, and passes run at their interval again. */
	synchronized void reachable() {
		if (this.unreachableSince != null) {
			log.info("Kafka at {} answers again (it did not for {}s)", bootstrapServers(),
					Duration.between(this.unreachableSince, Instant.now()).toSeconds());
			this.unreachableSince = null;
		}
		this.nextWait = this.interval;
	}

	String bootstrapServers() {
		Object servers = this.admin.getConfigurationProperties().get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
		return (servers instanceof Collection<?> list)
				? list.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(servers);
	}

	static String cause(Exception ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		return (cause instanceof TimeoutException && cause.getMessage() == null) ? "no answer in time"
				: cause.toString();
	}

}
