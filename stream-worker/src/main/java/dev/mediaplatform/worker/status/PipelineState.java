package dev.mediaplatform.worker.status;

/** What a camera's pipeline is doing, as status events report it. */
public enum PipelineState {

	/** A worker took the camera and is connecting. */
	STARTING,

	/** Connected: what is wanted (live HLS, recording) is being written. */
	LIVE,

	/** The camera was lost or could not be reached; retried with backoff. */
	RECONNECTING,

	/** A person must act (credentials, codec, address); no retry until a new command. */
	FAILED,

	/** Nothing runs for the camera. */
	STOPPED

}
