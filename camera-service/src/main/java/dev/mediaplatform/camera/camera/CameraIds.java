package dev.mediaplatform.camera.camera;

import dev.mediaplatform.storagelayout.StorageNames;

/**
 * Camera ids are UUIDs in their canonical lower-case form (the rule is the shared storage
 * layout's, since every file of a camera is named by it); anything else is refused before
 * it reaches a query, a topic key or a path.
 */
public final class CameraIds {

	private CameraIds() {
	}

	/** Whether this is a camera id at all (not whether such a camera exists). */
	public static boolean isCameraId(String id) {
		return StorageNames.isCameraId(id);
	}

	static String require(String id) {
		if (id == null || id.isBlank()) {
			throw InvalidCameraInput.field("cameraId", "is required");
		}
		if (!StorageNames.isCameraId(id)) {
			throw CameraNotFound.forId(id.length() > 64 ? id.substring(0, 64) + "…" : id);
		}
		return id;
	}

}
