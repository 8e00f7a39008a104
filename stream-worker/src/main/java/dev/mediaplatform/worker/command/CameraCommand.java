package dev.mediaplatform.worker.command;

import dev.mediaplatform.worker.pipeline.Desired;

/**
 * A camera's whole desired state, as camera-service publishes it on the compacted
 * commands topic keyed by camera id. Fields this worker does not know are ignored.
 *
 * @param cameraId the camera
 * @param generation grows at every change of the desired state
 * @param sourceUrl the camera's address without credentials
 * @param credentials {@code user:password} sealed with the platform's credentials key, or
 * {@code null}
 * @param transport {@code tcp} or {@code udp} for RTSP; {@code tcp} when absent
 * @param streaming whether live HLS should be produced
 * @param recording whether recording should run
 * @param retentionMaxAgeDays recordings older than this are deleted; {@code null}: no
 * limit
 * @param retentionMaxBytes the camera's recordings never take more; {@code null}: no
 * limit
 */
public record CameraCommand(String cameraId, long generation, String sourceUrl, String credentials, String transport,
		boolean streaming, boolean recording, Integer retentionMaxAgeDays, Long retentionMaxBytes) {

	Desired desired() {
		return new Desired(this.cameraId, this.generation, this.sourceUrl, this.credentials, this.transport,
				this.streaming, this.recording,
				new Desired.Retention(this.retentionMaxAgeDays, this.retentionMaxBytes));
	}

	@Override
	public String toString() {
		return "CameraCommand[cameraId=" + this.cameraId + ", generation=" + this.generation + ", streaming="
				+ this.streaming + ", recording=" + this.recording + "]";
	}

}
