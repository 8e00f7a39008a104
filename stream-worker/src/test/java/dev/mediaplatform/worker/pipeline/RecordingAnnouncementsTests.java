package dev.mediaplatform.worker.pipeline;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.mediaplatform.fmp4.Mp4Index;
import dev.mediaplatform.worker.config.WorkerProperties;
import dev.mediaplatform.worker.media.RecordedChunk;
import dev.mediaplatform.worker.media.RecordingFolder;
import dev.mediaplatform.worker.status.RecordingEvent;
import dev.mediaplatform.worker.status.StatusPublisher;
import dev.mediaplatform.worker.storage.StorageLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.verify;

/**
 * The chunk being written announced as far as it is settled, so that it can be played
 * before it closes: only when it got further, and not after its end.
 */
class RecordingAnnouncementsTests {

	static final String CAMERA = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	static final long START = 1_780_000_000_000L;

	final StatusPublisher publisher = mock(StatusPublisher.class);

	final RecordingFolder folder = mock(RecordingFolder.class);

	RecordingAnnouncements announcements;

	@BeforeEach
	void announcer() {
		when(this.publisher.announce(any())).thenReturn(CompletableFuture.completedFuture(null));
		when(this.folder.cameraId()).thenReturn(CAMERA);
		when(this.folder.isOpen(START)).thenReturn(true);
		WorkerProperties properties = new Binder(new MapConfigurationPropertySource(Map.of("worker.id", "w1")))
			.bindOrCreate("worker", WorkerProperties.class);
		this.announcements = new RecordingAnnouncements(this.publisher, new StorageLayout(Path.of("/srv/storage")),
				properties, Clock.fixed(Instant.ofEpochMilli(START + 10_000), ZoneOffset.UTC));
	}

	@Test
	void shouldAnnounceTheSettledSegmentsOfTheChunkBeingWrittenWhenTheyGrow() throws Exception {
		this.announcements.opened(this.folder,
				new RecordedChunk(START, "p", START, 0, "h264", false, false, 0, List.of()));
		when(this.folder.progress(START)).thenReturn(null, settled(1), settled(1), settled(3));

		this.announcements.announceProgress();
		this.announcements.announceProgress();
		this.announcements.announceProgress();
		this.announcements.announceProgress();

		List<RecordingEvent> progress = sent().stream()
			.filter((event) -> event.event() == RecordingEvent.Kind.PROGRESS)
			.toList();
		assertThat(progress).hasSize(2);
		RecordingEvent last = progress.get(1);
		assertThat(last.complete()).isFalse();
		assertThat(last.endedAt()).isNull();
		assertThat(last.initSize()).isEqualTo(800);
		assertThat(last.segments()).extracting(RecordingEvent.Segment::offset).containsExactly(800L, 1800L, 2800L);
		assertThat(last.durationMillis()).isEqualTo(3000);
		assertThat(last.bytes()).isEqualTo(3800);
	}

	@Test
	void shouldStopAnnouncingAChunkOnceItEndedOrAnotherWorkerClosedIt() throws Exception {
		RecordingFolder other = mock(RecordingFolder.class);
		when(other.cameraId()).thenReturn("another");
		when(other.isOpen(START)).thenReturn(false);
		this.announcements.opened(this.folder,
				new RecordedChunk(START, "p", START, 0, "h264", false, false, 0, List.of()));
		this.announcements.opened(other, new RecordedChunk(START, "p", START, 0, "h264", false, false, 0, List.of()));
		when(this.folder.progress(START)).thenReturn(settled(1), settled(2));
		when(other.progress(START)).thenReturn(settled(5));

		this.announcements.announceProgress();
		this.announcements.ended(this.folder,
				new RecordedChunk(START, "p", START + 3000, 3800, "h264", true, false, 800, segments(3)));
		this.announcements.announceProgress();

		assertThat(sent()).extracting(RecordingEvent::event)
			.containsExactly(RecordingEvent.Kind.OPENED, RecordingEvent.Kind.OPENED, RecordingEvent.Kind.PROGRESS,
					RecordingEvent.Kind.CLOSED);
	}

	private List<RecordingEvent> sent() {
		ArgumentCaptor<RecordingEvent> events = ArgumentCaptor.forClass(RecordingEvent.class);
		verify(this.publisher, atLeastOnce()).announce(events.capture());
		return events.getAllValues();
	}

	private static RecordedChunk settled(int count) {
		return new RecordedChunk(START, "recordings/x.mp4", START + 1000L * count, 800 + 1000L * count, "h264", false,
				false, 800, segments(count));
	}

	private static List<Mp4Index.Segment> segments(int count) {
		return java.util.stream.IntStream.range(0, count)
			.mapToObj((i) -> new Mp4Index.Segment(800 + 1000L * i, 1000, 1000))
			.toList();
	}

}
