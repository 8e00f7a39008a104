package dev.mediaplatform.camera.camera;

/** 400: one field of a camera request is wrong; the message names it and says why. */
public final class InvalidCameraInput extends RuntimeException {

	private final String field;

	private InvalidCameraInput(String field, String message) {
		super(field + " " + message);
		this.field = field;
	}

	public static InvalidCameraInput field(String field, String message) {
		return new InvalidCameraInput(field, message);
	}

	public String field() {
		return this.field;
	}

}
