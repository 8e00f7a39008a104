package dev.mediaplatform.worker.pipeline;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffSettingsTests {

	final BackoffSettings backoff = new BackoffSettings(Duration.ofMillis(500), Duration.ofSeconds(30));

	@Test
	void shouldRetryAJustLostCameraQuicklyAndALongLostOneRarely() {
		for (int i = 0; i < 100; i++) {
			assertThat(this.backoff.delay(Duration.ofSeconds(2))).isBetween(Duration.ofMillis(400),
					Duration.ofMillis(600));
			assertThat(this.backoff.delay(Duration.ofSeconds(60))).isBetween(Duration.ofMillis(4_800),
					Duration.ofMillis(7_200));
			assertThat(this.backoff.delay(Duration.ofHours(2))).isBetween(Duration.ofSeconds(24),
					Duration.ofSeconds(36));
		}
	}

}
