package dev.mediaplatform.worker.status;

import java.time.Instant;
import java.util.List;

/**
 * A recording chunk's announcement on the recordings topic, keyed by camera id; camera +
 * {@code startMillis} is its key for consumers, who apply each idempotently.
 *
 * @param cameraId the camera
 * @param event what happened to the chunk
 * @param startMillis the chunk's id: its start, epoch milliseconds
 * @param path the chunk file, relative to the storage root
 * @param startedAt its start
 * @param endedAt its start plus its media duration ({@code null} while open)
 * @param durationMillis its media duration (while open: of the settled segments)
 * @param bytes its size (while open: up to the end of the settled segments)
 * @param codec {@code h264} or {@code hevc}
 * @param complete whether the file is final
 * @param recovered whether a later run closed it after its writer was cut off
 * @param workerId the announcing worker
 * @param initSize bytes of the initialization ({@code ftyp} + {@code moov}) at offset 0
 * @param segments keyframe-started byte ranges covering the chunk after the
 * initialization (while open: those written so far that no later write changes)
 * @param reason why a chunk was deleted
 * @param at when this was announced
 */
public record RecordingEvent(String cameraId, Kind event, long startMillis, String path, Instant startedAt,
		Instant endedAt, long durationMillis, long bytes, String codec, boolean complete, boolean recovered,
		String workerId, long initSize, List<Segment> segments, String reason, Instant at) {

	/**
	 * What happened to a chunk. {@code PROGRESS} is the chunk being written as far as it
	 * is settled, announced every few seconds while it grows, so that it can be played
	 * before it closes; each lists every settled segment (not only the new ones), so
	 * applying the latest is enough and a lost one costs nothing.
	 */
	public enum Kind {

		OPENED, PROGRESS, CLOSED, DELETED

	}

	/** A byte range played as one HLS segment. */
	public record Segment(long offset, long size, long durationMillis) {
	}

	/** Why a chunk was deleted. */
	public enum Reason {

		RETENTION_AGE("retention-age"), RETENTION_SIZE("retention-size"), DISK_FLOOR("disk-floor"), USER("user"),
		CAMERA_DELETED("camera-deleted"), INCOMPLETE("incomplete");

		private final String label;

		Reason(String label) {
			this.label = label;
		}

		public String label() {
			return this.label;
		}

	}

}
