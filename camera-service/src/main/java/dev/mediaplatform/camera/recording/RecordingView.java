package dev.mediaplatform.camera.recording;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
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
 * @param bytes the file's size; {@code null} while it is being written, whose size the
 * catalogue learns only when it closes
 * @param thumbnailUrl a picture of its first keyframe (JPEG), signed the same way;
 * {@code null} while it is being written, as the picture may not be there yet
 */
record RecordingView(String id, Instant startedAt, @Nullable Instant endedAt, @Nullable Long durationMillis,
		@Nullable Long bytes, @Nullable String codec, boolean complete, boolean recovered, String url,
		@Nullable String thumbnailUrl) {

	// On the accessors: the formatter mangles annotated record components.
	@Override
	@Schema(nullable = true, description = "the file's size in bytes; null while the recording is being written")
	public @Nullable Long bytes() {
		return this.bytes;
	}

	@Override
	@Schema(nullable = true, description = "a picture of its first keyframe (JPEG) by signed URL; "
			+ "null while the recording is being written")
	public @Nullable String thumbnailUrl() {
		return this.thumbnailUrl;
	}

	/**
	 * @param signed the camera's signed recordings folder
	 */
	static RecordingView of(Recording chunk, String signed) {
		boolean open = chunk.endMillis() == null;
		return new RecordingView(Long.toString(chunk.startMillis()), Instant.ofEpochMilli(chunk.startMillis()),
				open ? null : Instant.ofEpochMilli(chunk.endMillis()), chunk.durationMillis(),
				open ? null : chunk.bytes(), chunk.codec(), chunk.complete(), chunk.recovered(),
				signed + "/" + chunk.startMillis() + ".mp4",
				open ? null : signed + "/" + chunk.startMillis() + "/thumbnail.jpg");
	}

}
