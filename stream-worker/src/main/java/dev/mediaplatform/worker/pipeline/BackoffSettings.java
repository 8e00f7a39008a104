package dev.mediaplatform.worker.pipeline;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter, so that cameras behind one failed switch do not
 * all reconnect in the same instant.
 *
 * @param initial the first delay
 * @param max the longest delay
 */
public record BackoffSettings(Duration initial, Duration max) {

	Duration delay(int attempt) {
		long base = this.initial.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
		long capped = Math.min(base, this.max.toMillis());
		double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
		return Duration.ofMillis((long) (capped * jitter));
	}

}
