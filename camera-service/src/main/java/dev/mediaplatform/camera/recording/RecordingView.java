package dev.mediaplatform.camera.recording;

import java.time.Instant;

import jakarta.annotation.Nullable;

/**
 * One recording as the API lists it.
 *
 * @param id the chunk's start in epoch milliseconds, as text: its name under
 * {@code .../recordings/}
 * @param endedAt {@code null} while it is being written
 * @param durationMillis {@code null} while it is being written
 * @param codec {@code null} when the worker did not name it
 * @param url the chunk file, a signed URL that needs no header until it expires (the
 * bearer form is {@code /api/v1/cameras/{cameraId}/recordings/{id}})
 * @param thumbnailUrl a picture of its first keyframe (JPEG), signed the same way
 */
record RecordingView(String id, Instant startedAt, @Nullable Instant endedAt, @Nullable Long durationMillis, long bytes,
		@Nullable String codec, boolean complete, boolean recovered, String url, String thumbnailUrl) {

	/**
	 * @param signed the camera's signed recordings folder
	 */
	static RecordingView of(Recording chunk, String signed) {
		return new RecordingView(Long.toString(chunk.startMillis()), Instant.ofEpochMilli(chunk.startMillis()),
				(chunk.endMillis() != null) ? Instant.ofEpochMilli(chunk.endMillis()) : null, chunk.durationMillis(),
				chunk.bytes(), chunk.codec(), chunk.complete(), chunk.recovered(),
				signed + "/" + chunk.startMillis() + ".mp4", signed + "/" + chunk.startMillis() + "/thumbnail.jpg");
	}

}
