package dev.mediaplatform.worker.pipeline;

import java.util.Objects;

import dev.mediaplatform.worker.status.PipelineState;
import dev.mediaplatform.worker.status.RecordingState;

/**
 * What status events say of a pipeline.
 *
 * @param state what the pipeline does
 * @param error the cause and fix, for RECONNECTING and FAILED
 * @param attempt the reconnect attempt
 * @param recording whether recording is written
 * @param recordingError why recording is not written, for FAILED
 */
record PipelineStatus(PipelineState state, String error, int attempt, RecordingState recording, String recordingError) {

	PipelineStatus {
		Objects.requireNonNull(state);
	}

	/** Nothing runs for the camera. */
	static PipelineStatus idle() {
		return new PipelineStatus(PipelineState.STOPPED, null, 0, RecordingState.OFF, null);
	}

}
