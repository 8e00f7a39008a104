package dev.mediaplatform.worker.media;

import java.nio.file.Path;
import java.time.Instant;

/**
 * The one door to the media library: everything else in the worker (Kafka, retries,
 * status) talks to this, so it can be tested without native code.
 */
public interface MediaEngine {

	/**
	 * Connects to the source and keeps its live HLS in {@code folder} up to date until
	 * the source fails or the session asks to stop. The playlist is left without an end
	 * tag so that a reconnect can continue it.
	 * @throws MediaFailure when the source cannot be opened, stops delivering or cannot
	 * be written; not thrown when the session asked to stop
	 */
	void run(LiveSource source, Path folder, Session session) throws MediaFailure;

	/** What a running pipeline reports and is asked. */
	interface Session {

		/** Whether the run should end now; polled often, also during blocking reads. */
		boolean stopRequested();

		/** A segment was completed and the playlist rewritten. */
		void segmentWritten(Instant at);

		/** Bytes read from the source. */
		void received(long bytes);

	}

}
