package dev.mediaplatform.worker.pipeline;

import dev.mediaplatform.worker.status.PipelineState;
import dev.mediaplatform.worker.status.RecordingState;

/**
 * What a pipeline's recording does: whether it is wanted, the chunk being written, and
 * why recording stopped on its own. Written by the pipeline's thread, read by status
 * reports, metrics and retention on others.
 */
final class RecordingProgress {

	private volatile boolean wanted;

	/** The chunk being written, or -1. */
	private volatile long openChunk = -1;

	/** Why recording stopped on its own, until a chunk is written again. */
	private volatile String failure;

	void want(boolean recording) {
		this.wanted = recording;
	}

	boolean wanted() {
		return this.wanted;
	}

	/** The chunk being written, or -1. */
	long openChunk() {
		return this.openChunk;
	}

	void opened(long startMillis) {
		this.openChunk = startMillis;
		this.failure = null;
	}

	void closed(long startMillis) {
		if (this.openChunk == startMillis) {
			this.openChunk = -1;
		}
	}

	/** Nothing is written any more: the pipeline ends, or lost the camera's lease. */
	void stopped() {
		this.openChunk = -1;
	}

	void failed(String reason) {
		this.failure = reason;
	}

	/** Whether recording is written, given what the pipeline does. */
	RecordingState state(PipelineState pipeline) {
		if (!this.wanted) {
			return RecordingState.OFF;
		}
		if (this.failure != null) {
			return RecordingState.FAILED;
		}
		if (this.openChunk >= 0) {
			return RecordingState.ON;
		}
		return (pipeline == PipelineState.RECONNECTING || pipeline == PipelineState.FAILED) ? RecordingState.FAILED
				: RecordingState.STARTING;
	}

	/** Why recording is not written, for FAILED; {@code null} otherwise. */
	String error(PipelineState pipeline, String pipelineError) {
		return switch (state(pipeline)) {
			case FAILED ->
				(this.failure != null) ? this.failure : "not recording while the camera is lost: " + pipelineError;
			default -> null;
		};
	}

}
