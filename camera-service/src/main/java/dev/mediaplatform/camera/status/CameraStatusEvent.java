package dev.mediaplatform.camera.status;

import java.time.Instant;

import dev.mediaplatform.camera.camera.CameraState;

/**
 * A worker's report on one camera, from the status topic; unknown fields are ignored, an
 * unknown state is not (such a report goes to the dead-letter topic).
 *
 * @param generation the desired-state generation the worker acted on
 * @param recordingState {@code ON}, {@code OFF} or {@code FAILED}; absent from older
 * workers' reports, which only say {@code recording}
 * @param recordingError why recording failed and what to do
 */
public record CameraStatusEvent(String cameraId, CameraState state, boolean recording, String workerId, Instant at,
		String error, String playlist, long generation, String recordingState, String recordingError) {
}
