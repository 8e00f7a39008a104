package dev.mediaplatform.worker.pipeline;

import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaFailure;

/**
 * Turns a camera's command into something the media engine can open, on the pipeline's
 * thread, so that a source that cannot be opened fails the pipeline like any other
 * permanent failure.
 */
@FunctionalInterface
interface SourceResolver {

	LiveSource resolve() throws MediaFailure;

}
