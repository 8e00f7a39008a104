package dev.mediaplatform.worker.pipeline;

import dev.mediaplatform.worker.media.RecordedChunk;

/**
 * What one camera's pipeline tells about itself, from its own thread: each change of its
 * status, and each recording chunk it opens or ends.
 */
interface PipelineListener {

	/** The pipeline's status changed; called once per change. */
	void statusChanged(PipelineStatus status);

	void chunkOpened(RecordedChunk chunk);

	/**
	 * A chunk ended: closed (complete), or removed because nothing playable was written;
	 * also a chunk an earlier writer left open, which the pipeline closed.
	 */
	void chunkEnded(RecordedChunk chunk);

}
