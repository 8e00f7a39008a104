package dev.mediaplatform.camera.camera;

/** 403: the caller sees the camera, but its role does not allow this. */
public final class NotAllowed extends RuntimeException {

	private NotAllowed(String message) {
		super(message);
	}

	public static NotAllowed because(String message) {
		return new NotAllowed(message);
	}

}
