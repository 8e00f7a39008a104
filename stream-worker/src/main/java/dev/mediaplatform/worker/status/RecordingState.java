package dev.mediaplatform.worker.status;

/** Whether a camera's recording is being written, as status events report it. */
public enum RecordingState {

	/** Recording is not wanted. */
	OFF,

	/** Wanted; the pipeline is connecting and no chunk is open yet. */
	STARTING,

	/** A chunk is being written. */
	ON,

	/**
	 * Wanted, but nothing is being written: the storage refused (full, unwritable) or the
	 * camera is lost; the error says which and what to do. Retried by itself.
	 */
	FAILED

}
