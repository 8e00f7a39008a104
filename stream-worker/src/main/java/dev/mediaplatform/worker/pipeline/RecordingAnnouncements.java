package dev.mediaplatform.worker.pipeline;

import java.time.Clock;
import java.time.Instant;

import dev.mediaplatform.worker.config.WorkerProperties;
import dev.mediaplatform.worker.media.RecordedChunk;
import dev.mediaplatform.worker.media.RecordingFolder;
import dev.mediaplatform.worker.status.StatusPublisher;
import dev.mediaplatform.worker.status.RecordingEvent;
import dev.mediaplatform.worker.storage.StorageLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Announces recording chunks on the recordings topic. A chunk's marker is removed only
 * once the broker has its end: until then a worker that takes the camera over announces
 * it again (consumers are idempotent).
 */
@Component
public class RecordingAnnouncements {

	private static final Logger log = LoggerFactory.getLogger(RecordingAnnouncements.class);

	private final StatusPublisher announcer;

	private final StorageLayout layout;

	private final String workerId;

	private final Clock clock;

	RecordingAnnouncements(StatusPublisher announcer, StorageLayout layout, WorkerProperties properties, Clock clock) {
		this.announcer = announcer;
		this.layout = layout;
		this.workerId = properties.id();
		this.clock = clock;
	}

	void opened(RecordingFolder folder, RecordedChunk chunk) {
		send(event(folder.cameraId(), RecordingEvent.Kind.OPENED, chunk));
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

}
