package dev.mediaplatform.worker.retention;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import dev.mediaplatform.worker.config.WorkerProperties;
import dev.mediaplatform.worker.media.RecordingFolder;
import dev.mediaplatform.worker.pipeline.Desired;
import dev.mediaplatform.worker.pipeline.Pipelines;
import dev.mediaplatform.worker.pipeline.RecordingAnnouncements;
import dev.mediaplatform.worker.status.RecordingEvent;
import dev.mediaplatform.worker.storage.StorageLayout;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Retention on a storage folder: by age, by size, oldest first, never the chunk being
 * written nor one left open, and every deletion announced and counted.
 */
class RetentionJanitorTests {

	static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	static final long MINUTE = 60_000;

	@TempDir
	Path storage;

	StorageLayout layout;

	Pipelines pipelines = mock(Pipelines.class);

	RecordingAnnouncements announcements = mock(RecordingAnnouncements.class);

	SimpleMeterRegistry meters = new SimpleMeterRegistry();

	RetentionJanitor janitor;

	String camera = UUID.randomUUID().toString();

	@BeforeEach
	void janitor() {
		this.layout = new StorageLayout(this.storage);
		WorkerProperties properties = new Binder(new MapConfigurationPropertySource(
				java.util.Map.of("worker.id", "w1", "worker.recording.free-space-floor", "0")))
			.bindOrCreate("worker", WorkerProperties.class);
		when(this.pipelines.chunkInProgress(anyString())).thenReturn(-1L);
		this.janitor = new RetentionJanitor(this.pipelines, this.announcements, this.layout, properties, this.meters,
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@Test
	void shouldDeleteChunksOlderThanTheMaximumAgeOldestFirst() throws Exception {
		long start = NOW.minus(Duration.ofDays(2)).toEpochMilli();
		for (int i = 0; i < 5; i++) {
			chunk(start + i * MINUTE, 100);
		}
		// Two days and a minute old, and a fresh one.
		long fresh = NOW.minus(Duration.ofMinutes(5)).toEpochMilli();
		chunk(fresh, 100);

		this.janitor.enforce(desired(1, null));

		assertThat(starts()).containsExactly(fresh);
		verify(this.announcements).deleted(this.camera, start, RecordingEvent.Reason.RETENTION_AGE);
		assertThat(this.meters.counter("worker.recordings.deleted", "reason", "retention-age").count()).isEqualTo(5);
	}

	@Test
	void shouldKeepTheCameraWithinItsQuotaWithoutTouchingTheChunkBeingWrittenOrOneLeftOpen() throws Exception {
		long start = NOW.minus(Duration.ofHours(1)).toEpochMilli();
		for (int i = 0; i < 10; i++) {
			chunk(start + i * MINUTE, 1000);
		}
		long writing = start + 10 * MINUTE;
		chunk(writing, 5000);
		when(this.pipelines.chunkInProgress(this.camera)).thenReturn(writing);
		long leftOpen = start + 11 * MINUTE;
		chunk(leftOpen, 5000);
		Files.createDirectories(this.layout.openMarkers(this.camera));
		Files.writeString(this.layout.openMarker(this.camera, leftOpen), "");

		this.janitor.enforce(desired(null, 3500L));

		assertThat(starts()).containsExactly(start + 7 * MINUTE, start + 8 * MINUTE, start + 9 * MINUTE, writing);
		assertThat(this.layout.chunk(this.camera, leftOpen)).exists();
		assertThat(this.meters.counter("worker.recordings.deleted", "reason", "retention-size").count()).isEqualTo(7);
	}

	@Test
	void shouldKeepEverythingWithoutLimits() throws Exception {
		long old = NOW.minus(Duration.ofDays(400)).toEpochMilli();
		chunk(old, 100);
		chunk(old + MINUTE, 100);
		this.janitor.enforce(desired(null, null));
		assertThat(starts()).hasSize(2);
	}

	private Desired desired(Integer days, Long bytes) {
		return new Desired(this.camera, 1, "rtsp://camera/a", null, "tcp", false, true,
				new Desired.Retention(days, bytes));
	}

	private void chunk(long start, int bytes) throws Exception {
		Path file = this.layout.chunk(this.camera, start);
		Files.createDirectories(file.getParent());
		Files.write(file, new byte[bytes]);
	}

	private List<Long> starts() throws Exception {
		return new RecordingFolder(this.layout, this.camera).stored()
			.stream()
			.map(RecordingFolder.Stored::startMillis)
			.toList();
	}

}
