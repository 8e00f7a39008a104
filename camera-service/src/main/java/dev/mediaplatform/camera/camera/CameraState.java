package dev.mediaplatform.camera.camera;

/**
 * What a camera's pipeline is doing, as its worker last reported it; stored and shown by
 * these names, which are the workers' own.
 */
public enum CameraState {

	/** A worker took the camera and is connecting. */
	STARTING,

	/** Connected: what is wanted (live HLS, recording) is being written. */
	LIVE,

	/** The camera was lost or could not be reached; the worker retries with backoff. */
	RECONNECTING,

	/** A person must act (credentials, codec, address); no retry until a new command. */
	FAILED,

	/** Nothing runs for the camera. */
	STOPPED

}
