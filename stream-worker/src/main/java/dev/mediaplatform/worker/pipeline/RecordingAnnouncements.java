package dev.mediaplatform.worker.pipeline;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.mediaplatform.worker.config.WorkerProperties;
import dev.mediaplatform.worker.media.RecordedChunk;
import dev.mediaplatform.worker.media.RecordingFolder;
import dev.mediaplatform.worker.status.StatusPublisher;
import dev.mediaplatform.worker.status.RecordingEvent;
import dev.mediaplatform.worker.storage.StorageLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Announces recording chunks on the recordings topic. A chunk's marker is removed only
 * once the broker has its end: until then a worker that takes the camera over announces
 * it again (consumers are idempotent).
 * <p>
 * While a chunk is written, its progress (its settled segments, read from the file) is
 * announced every {@link #PROGRESS_MILLIS}, so that camera-service's playback playlist
 * follows the recording to within a few seconds instead of a whole chunk. It is read
 * here, off the pipeline's thread, so that the recorder never waits for it; a progress
 * that crosses the chunk's end on the wire is ignored by the catalogue (a closed chunk is
 * never replaced by one being written).
 */
@Component
public class RecordingAnnouncements {

	private static final Logger log = LoggerFactory.getLogger(RecordingAnnouncements.class);

	/**
	 * How often the chunks being written are announced as far as they are settled: with
	 * fragments of a second, playback trails the recording by about this plus a segment.
	 * A few small messages per camera and minute, so not worth a setting.
	 */
	static final long PROGRESS_MILLIS = 2000;

	private final StatusPublisher announcer;

	private final StorageLayout layout;

	private final String workerId;

	private final Clock clock;

	/** The chunks being written by this worker's pipelines. */
	private final Map<OpenChunk, Progress> open = new ConcurrentHashMap<>();

	RecordingAnnouncements(StatusPublisher announcer, StorageLayout layout, WorkerProperties properties, Clock clock) {
		this.announcer = announcer;
		this.layout = layout;
		this.workerId = properties.id();
		this.clock = clock;
	}

	void opened(RecordingFolder folder, RecordedChunk chunk) {
		this.open.put(new OpenChunk(folder.cameraId(), chunk.startMillis()), new Progress(folder));
		send(event(folder.cameraId(), RecordingEvent.Kind.OPENED, chunk));
	}

	/**
	 * Announces how far each chunk being written is settled, when it got further. A chunk
	 * whose marker went without an end announced here (its pipeline was fenced, and the
	 * camera's new owner closed it) is forgotten.
	 */
	@Scheduled(initialDelay = PROGRESS_MILLIS, fixedDelay = PROGRESS_MILLIS)
	void announceProgress() {
		this.open.forEach((chunk, progress) -> {
			if (!progress.folder().isOpen(chunk.startMillis())) {
				this.open.remove(chunk, progress);
				return;
			}
			try {
				RecordedChunk settled = progress.folder().progress(chunk.startMillis());
				if (settled != null && progress.advancedTo(settled.segments().size())) {
					send(event(chunk.cameraId(), RecordingEvent.Kind.PROGRESS, settled));
				}
			}
			catch (IOException ex) {
				log.debug("camera {}: cannot read chunk {} being written: {}", chunk.cameraId(), chunk.startMillis(),
						ex.getMessage());
			}
		});
	}

	void closed(RecordingFolder folder, RecordedChunk chunk) {
		this.announcer.announce(event(folder.cameraId(), RecordingEvent.Kind.CLOSED, chunk))
			.whenComplete((result, failure) -> {
				if (failure == null) {
					folder.announced(chunk.startMillis());
				}
				else {
					log.warn("camera {}: the end of chunk {} was not announced ({}); the camera's next owner"
							+ " announces it", folder.cameraId(), chunk.startMillis(), failure.getMessage());
				}
			});
	}

	/**
	 * A chunk ended: closed when something playable was kept, else its file is gone
	 * ({@code incomplete}).
	 */
	void ended(RecordingFolder folder, RecordedChunk chunk) {
		this.open.remove(new OpenChunk(folder.cameraId(), chunk.startMillis()));
		if (chunk.complete()) {
			closed(folder, chunk);
		}
		else {
			deleted(folder.cameraId(), chunk.startMillis(), RecordingEvent.Reason.INCOMPLETE);
		}
	}

	/** The chunk's file is gone. */
	public void deleted(String cameraId, long startMillis, RecordingEvent.Reason reason) {
		send(new RecordingEvent(cameraId, RecordingEvent.Kind.DELETED, startMillis,
				this.layout.chunkPath(cameraId, startMillis), Instant.ofEpochMilli(startMillis), null, 0, 0, null,
				false, false, this.workerId, 0, java.util.List.of(), reason.label(), this.clock.instant()));
	}

	private void send(RecordingEvent event) {
		this.announcer.announce(event).whenComplete((result, failure) -> {
			if (failure != null) {
				log.warn("camera {}: chunk {} was not announced {}: {}", event.cameraId(), event.startMillis(),
						event.event(), failure.getMessage());
			}
		});
	}

	private RecordingEvent event(String cameraId, RecordingEvent.Kind kind, RecordedChunk chunk) {
		return new RecordingEvent(cameraId, kind, chunk.startMillis(), chunk.path(),
				Instant.ofEpochMilli(chunk.startMillis()),
				chunk.complete() ? Instant.ofEpochMilli(chunk.endMillis()) : null, chunk.durationMillis(),
				chunk.bytes(), chunk.codec(), chunk.complete(), chunk.recovered(), this.workerId, chunk.initSize(),
				chunk.segments()
					.stream()
					.map((s) -> new RecordingEvent.Segment(s.offset(), s.size(), s.durationMillis()))
					.toList(),
				null, this.clock.instant());
	}

	private record OpenChunk(String cameraId, long startMillis) {
	}

	/** Where a chunk being written is, and how many segments were announced settled. */
	private static final class Progress {

		private final RecordingFolder folder;

		private int announced;

		Progress(RecordingFolder folder) {
			this.folder = folder;
		}

		RecordingFolder folder() {
			return this.folder;
		}

		/** Whether {@code segments} is more than announced; remembers it if so. */
		synchronized boolean advancedTo(int segments) {
			if (segments <= this.announced) {
				return false;
			}
			this.announced = segments;
			return true;
		}

	}

}
