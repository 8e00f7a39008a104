package dev.mediaplatform.worker.pipeline;

import java.time.Clock;

import dev.mediaplatform.worker.config.WorkerProperties;
import dev.mediaplatform.worker.status.RecordingState;
import dev.mediaplatform.worker.status.StatusEvent;
import dev.mediaplatform.worker.status.StatusPublisher;
import dev.mediaplatform.worker.storage.StorageLayout;

import org.springframework.stereotype.Component;

/**
 * Turns a pipeline's status into the status event camera-service reads: this worker, the
 * camera's live playlist, the generation acted on and the time.
 */
@Component
class StatusReports {

	private final StatusPublisher publisher;

	private final String workerId;

	private final StorageLayout layout;

	private final Clock clock;

	StatusReports(StatusPublisher publisher, WorkerProperties properties, StorageLayout layout, Clock clock) {
		this.publisher = publisher;
		this.workerId = properties.id();
		this.layout = layout;
		this.clock = clock;
	}

	void publish(String cameraId, PipelineStatus status, long generation) {
		this.publisher.publish(new StatusEvent(cameraId, status.state(), status.recording() == RecordingState.ON,
				this.workerId, this.clock.instant(), status.error(), this.layout.livePlaylist(cameraId), generation,
				status.attempt(), status.recording(), status.recordingError()));
	}

}
