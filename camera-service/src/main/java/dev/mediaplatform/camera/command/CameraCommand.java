package dev.mediaplatform.camera.command;

/**
 * A camera's whole desired state, the value of the compacted commands topic keyed by
 * camera id. Consumers ignore fields they do not know and any generation older than one
 * they have seen.
 *
 * @param cameraId the camera
 * @param generation grows at every change of this camera's desired state
 * @param sourceUrl the camera's address without credentials
 * @param credentials {@code user:password} encrypted with the platform's credentials key
 * (AES-GCM, the camera id as associated data), or {@code null}
 * @param transport {@code tcp} or {@code udp} for RTSP
 * @param streaming whether live HLS should be produced
 * @param recording whether recording chunks should be written
 * @param retentionMaxAgeDays recordings older than this many days are deleted;
 * {@code null}: no limit
 * @param retentionMaxBytes the camera's recordings are kept under this many bytes, oldest
 * deleted first; {@code null}: no limit
 */
public record CameraCommand(String cameraId, long generation, String sourceUrl, String credentials, String transport,
		boolean streaming, boolean recording, Integer retentionMaxAgeDays, Long retentionMaxBytes) {

	@Override
	public String toString() {
		return "CameraCommand[cameraId=" + this.cameraId + ", generation=" + this.generation + ", streaming="
				+ this.streaming + ", recording=" + this.recording + "]";
	}

}
