package dev.mediaplatform.worker.media;

/**
 * Why a pipeline stopped delivering. A permanent failure needs a person (credentials,
 * codec, address); anything else is retried while the camera is wanted.
 */
public final class MediaFailure extends Exception {

	private final boolean permanent;

	private MediaFailure(String message, boolean permanent) {
		super(message, null, false, false);
		this.permanent = permanent;
	}

	public boolean permanent() {
		return this.permanent;
	}

	public static MediaFailure invalidSource(String reason) {
		return new MediaFailure(reason, true);
	}

	public static MediaFailure credentialsRefused() {
		return new MediaFailure("the camera refused the credentials (RTSP 401/403): "
				+ "update the camera URL with the right user and password", true);
	}

	public static MediaFailure unsupported(String reason) {
		return new MediaFailure(reason, true);
	}

	public static MediaFailure transientFailure(String reason) {
		return new MediaFailure(reason, false);
	}

}
