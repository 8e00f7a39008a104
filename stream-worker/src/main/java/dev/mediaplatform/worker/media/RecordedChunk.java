package dev.mediaplatform.worker.media;

import java.util.List;

import dev.mediaplatform.fmp4.Mp4Index;

/**
 * A recording chunk as it is announced.
 *
 * @param startMillis its id: when its first keyframe was received (epoch milliseconds)
 * @param path the file, relative to the storage root
 * @param endMillis its start plus its media duration (while it is open: of its settled
 * segments)
 * @param bytes its size on disk (while it is open: up to the end of its settled segments)
 * @param codec {@code h264} or {@code hevc}, when known
 * @param complete whether it is closed: every listed byte is final
 * @param recovered whether it was closed by a later run than the one that wrote it
 * @param initSize bytes of its initialization ({@code ftyp} + {@code moov})
 * @param segments keyframe-started byte ranges that cover it after the initialization
 * (while it is open: those that no later write changes)
 */
public record RecordedChunk(long startMillis, String path, long endMillis, long bytes, String codec, boolean complete,
		boolean recovered, long initSize, List<Mp4Index.Segment> segments) {

	public long durationMillis() {
		return this.endMillis - this.startMillis;
	}

	/** Whether anything playable was kept. */
	public boolean playable() {
		return this.complete && !this.segments.isEmpty();
	}

}
