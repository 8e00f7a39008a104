package dev.mediaplatform.worker.pipeline;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How soon a lost camera is tried again: after a tenth of the time it has been gone,
 * between {@code initial} and {@code max}, with jitter so that cameras behind one failed
 * switch do not all reconnect in the same instant. A camera back from a blip (a reboot, a
 * cable) plays again within a second or two; one gone for an hour is asked every
 * {@code max}.
 *
 * @param initial the shortest wait, for a camera just lost
 * @param max the longest wait
 */
public record BackoffSettings(Duration initial, Duration max) {

	Duration delay(Duration lostFor) {
		long tenth = lostFor.toMillis() / 10;
		long bounded = Math.min(Math.max(tenth, this.initial.toMillis()), this.max.toMillis());
		double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
		return Duration.ofMillis((long) (bounded * jitter));
	}

}
