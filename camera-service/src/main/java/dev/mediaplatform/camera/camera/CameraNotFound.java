package dev.mediaplatform.camera.camera;

/**
 * 404: no such camera, or one the caller may not see; the two answer alike, so that ids
 * reveal nothing.
 */
public final class CameraNotFound extends RuntimeException {

	private CameraNotFound(String id) {
		super("no camera " + id);
	}

	public static CameraNotFound forId(String id) {
		return new CameraNotFound(id);
	}

}
