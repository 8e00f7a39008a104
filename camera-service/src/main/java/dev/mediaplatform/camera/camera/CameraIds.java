package dev.mediaplatform.camera.camera;

import java.util.regex.Pattern;

/**
 * Camera ids are UUIDs; anything else is refused before it reaches a query, a topic key
 * or a path.
 */
public final class CameraIds {

	private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private CameraIds() {
	}

	/** Whether this is a camera id at all (not whether such a camera exists). */
	public static boolean isCameraId(String id) {
		return id != null && UUID.matcher(id).matches();
	}

	static String require(String id) {
		if (id == null || id.isBlank()) {
			throw InvalidCameraInput.field("cameraId", "is required");
		}
		if (!UUID.matcher(id).matches()) {
			throw CameraNotFound.forId(id.length() > 64 ? id.substring(0, 64) + "…" : id);
		}
		return id;
	}

}
