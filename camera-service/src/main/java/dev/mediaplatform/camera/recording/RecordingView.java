package dev.mediaplatform.camera.recording;

import java.time.Instant;

/**
 * One recording as the API lists it.
 *
 * @param id the chunk's start in epoch milliseconds, as text: its name under
 * {@code .../recordings/}
 * @param endedAt {@code null} while it is being written
 * @param durationMillis {@code null} while it is being written
 * @param thumbnailUrl a picture of its first keyframe (JPEG), served by the gateway
 */
record RecordingView(String id, Instant startedAt, Instant endedAt, Long durationMillis, long bytes, String codec,
		boolean complete, boolean recovered, String thumbnailUrl) {

	static RecordingView of(Recording chunk) {
		return new RecordingView(Long.toString(chunk.startMillis()), Instant.ofEpochMilli(chunk.startMillis()),
				(chunk.endMillis() != null) ? Instant.ofEpochMilli(chunk.endMillis()) : null, chunk.durationMillis(),
				chunk.bytes(), chunk.codec(), chunk.complete(), chunk.recovered(),
				"/api/v1/cameras/" + chunk.cameraId() + "/recordings/" + chunk.startMillis() + "/thumbnail.jpg");
	}

}
