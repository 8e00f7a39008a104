package dev.mediaplatform.camera.recording;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges a camera's chunks into the spans a timeline draws: chunks follow each other with
 * a small gap (a chunk ends at its last frame, the next starts at its first keyframe), so
 * a gap of at most {@link #MAX_GAP_MILLIS} still counts as one span.
 */
final class Timeline {

	static final long MAX_GAP_MILLIS = 1500;

	private Timeline() {
	}

	/**
	 * A chunk as the timeline needs it.
	 *
	 * @param end {@code null} while it is being written
	 */
	record Chunk(long start, Long end, boolean complete) {
	}

	/** A span of recording, in epoch milliseconds, end exclusive. */
	record Span(long start, long end) {

		long millis() {
			return this.end - this.start;
		}

	}

	/**
	 * The spans that {@code chunks} (chronological) cover, cut to {@code [from, to]}. A
	 * chunk being written reaches up to {@code now}, or to the next chunk's start when
	 * there is one (a chunk followed by another is no longer written).
	 */
	static List<Span> spans(List<Chunk> chunks, long from, long to, long now) {
		List<Span> spans = new ArrayList<>();
		long spanStart = 0;
		long spanEnd = Long.MIN_VALUE;
		for (int i = 0; i < chunks.size(); i++) {
			Chunk chunk = chunks.get(i);
			long end = end(chunk, (i + 1 < chunks.size()) ? chunks.get(i + 1).start() : Long.MAX_VALUE, now);
			long start = Math.max(chunk.start(), from);
			end = Math.min(end, to);
			if (end <= start) {
				continue;
			}
			if (spanEnd != Long.MIN_VALUE && start - spanEnd <= MAX_GAP_MILLIS) {
				spanEnd = Math.max(spanEnd, end);
				continue;
			}
			if (spanEnd != Long.MIN_VALUE) {
				spans.add(new Span(spanStart, spanEnd));
			}
			spanStart = start;
			spanEnd = end;
		}
		if (spanEnd != Long.MIN_VALUE) {
			spans.add(new Span(spanStart, spanEnd));
		}
		return spans;
	}

	private static long end(Chunk chunk, long nextStart, long now) {
		if (chunk.complete() && chunk.end() != null) {
			return chunk.end();
		}
		return Math.min(now, nextStart);
	}

}
