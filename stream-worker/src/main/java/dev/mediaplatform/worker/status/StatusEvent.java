package dev.mediaplatform.worker.status;

import java.time.Instant;

/**
 * A worker's report on one camera, keyed by camera id on the status topic.
 *
 * @param cameraId the camera
 * @param state STARTING, LIVE, RECONNECTING, FAILED or STOPPED
 * @param recording whether a recording is being written
 * @param workerId the worker that runs the camera
 * @param at when the state was entered
 * @param error the cause and the fix, for RECONNECTING and FAILED
 * @param playlist the live playlist, relative to the storage folder
 * @param generation the desired-state generation acted on
 * @param attempt the reconnect attempt, for RECONNECTING
 */
public record StatusEvent(String cameraId, String state, boolean recording, String workerId, Instant at, String error,
		String playlist, long generation, int attempt) {
}
