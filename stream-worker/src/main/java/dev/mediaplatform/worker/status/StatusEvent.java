package dev.mediaplatform.worker.status;

import java.time.Instant;

/**
 * A worker's report on one camera, keyed by camera id on the status topic.
 *
 * @param cameraId the camera
 * @param state what the pipeline does
 * @param recording whether a recording chunk is being written ({@code recordingState} is
 * {@code ON})
 * @param workerId the worker that runs the camera
 * @param at when the state was entered
 * @param error the cause and the fix, for RECONNECTING and FAILED
 * @param playlist the live playlist, relative to the storage folder
 * @param generation the desired-state generation acted on
 * @param attempt the reconnect attempt, for RECONNECTING
 * @param recordingState whether recording is written, off, starting, or failed
 * @param recordingError why recording failed and what to do, for FAILED
 */
public record StatusEvent(String cameraId, PipelineState state, boolean recording, String workerId, Instant at,
		String error, String playlist, long generation, int attempt, RecordingState recordingState,
		String recordingError) {
}
