package dev.mediaplatform.camera.status;

import java.time.Instant;

/**
 * A worker's report on one camera, from the status topic; unknown fields are ignored.
 *
 * @param generation the desired-state generation the worker acted on
 */
public record CameraStatusEvent(String cameraId, String state, boolean recording, String workerId, Instant at,
		String error, String playlist, long generation) {
}
