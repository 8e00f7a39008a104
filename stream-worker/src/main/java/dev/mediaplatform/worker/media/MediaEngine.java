package dev.mediaplatform.worker.media;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The one door to the media library: everything else in the worker (Kafka, retries,
 * status) talks to this, so it can be tested without native code.
 */
public interface MediaEngine {

	/**
	 * Connects to the source once and, until the source fails or the session asks to
	 * stop, writes what the session wants from it: live HLS in the live folder and
	 * recording chunks in the recording folder. Either output may be switched on and off
	 * while the run goes on, without a new connection. The playlist is left without an
	 * end tag so that a reconnect can continue it; the chunk in progress is closed.
	 * @throws MediaFailure when the source cannot be opened, stops delivering or live HLS
	 * cannot be written (recording failures are reported to the session and retried, live
	 * goes on); not thrown when the session asked to stop
	 */
	void run(LiveSource source, Outputs outputs, Session session) throws MediaFailure;

	/**
	 * Where a run writes.
	 *
	 * @param liveFolder the camera's live HLS folder
	 * @param recordings the camera's recording chunks
	 * @param clock the wall clock that names chunks
	 */
	record Outputs(Path liveFolder, RecordingFolder recordings, InstantSource clock) {
	}

	/** What a running pipeline reports and is asked. */
	interface Session {

		/** Whether the run should end now; polled often, also during blocking reads. */
		boolean stopRequested();

		/**
		 * Checked before every write to the camera's files (packets, playlists, chunk
		 * ends): throws when this run may not write them any more. Cheap: it reads the
		 * storage at most every few hundred milliseconds.
		 * @throws MediaFailure {@link MediaFailure#fenced() fenced} when another worker
		 * took the camera over (the run then leaves its files as they are, without a
		 * trailer or end tag), transient when ownership cannot be confirmed now
		 */
		default void confirmOwner() throws MediaFailure {
		}

		/** Whether live HLS is wanted now. */
		boolean liveWanted();

		/** Whether recording is wanted now. */
		boolean recordingWanted();

		/** A segment was completed and the playlist rewritten. */
		void segmentWritten(Instant at);

		/** Bytes read from the source. */
		void received(long bytes);

		/** A recording chunk was started. */
		default void chunkOpened(RecordedChunk chunk) {
		}

		/**
		 * A recording chunk was ended: complete, or removed because nothing playable was
		 * written ({@link RecordedChunk#complete()} false).
		 */
		default void chunkClosed(RecordedChunk chunk) {
		}

		/** Recording stopped on an error; it is tried again by itself. */
		default void recordingFailed(String reason) {
		}

	}

}
