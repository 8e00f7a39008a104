package dev.mediaplatform.gateway.stream;

import java.time.Duration;

/**
 * What a blocking playlist reload and a preload hint are decided on, read from a live
 * playlist as a stream worker writes it (RFC 8216bis, Low-Latency HLS): the complete
 * segments, the parts of the segment in progress listed after the last {@code #EXTINF},
 * the part the worker announces next, and whether the stream ended. Only these tags are
 * read; anything else in the playlist is the player's business, and a playlist the parser
 * does not understand reads as one with nothing in it, so that a request waits rather
 * than fails on it.
 *
 * @param mediaSequence the media sequence number of the first segment
 * @param segments the number of complete segments listed
 * @param parts the number of parts listed for the segment in progress
 * @param endList whether the stream ended ({@code #EXT-X-ENDLIST}): nothing more will
 * come
 * @param targetDuration the target duration of a segment; zero when not given
 * @param preloadHint the URI of the part announced next ({@code #EXT-X-PRELOAD-HINT} of
 * type {@code PART}), or {@code null}
 */
record LivePlaylistState(long mediaSequence, int segments, int parts, boolean endList, Duration targetDuration,
		String preloadHint) {

	private static final String EXTINF = "#EXTINF:";

	private static final String PART = "#EXT-X-PART:";

	private static final String MEDIA_SEQUENCE = "#EXT-X-MEDIA-SEQUENCE:";

	private static final String TARGET_DURATION = "#EXT-X-TARGETDURATION:";

	private static final String SKIP = "#EXT-X-SKIP:";

	private static final String PRELOAD_HINT = "#EXT-X-PRELOAD-HINT:";

	private static final String ENDLIST = "#EXT-X-ENDLIST";

	/** The longest target duration believed: a bigger one is a damaged playlist. */
	private static final long LONGEST_TARGET_SECONDS = 3600;

	static LivePlaylistState parse(String playlist) {
		long mediaSequence = 0;
		int segments = 0;
		int parts = 0;
		boolean endList = false;
		long targetSeconds = 0;
		String preloadHint = null;
		for (String raw : playlist.split("\n")) {
			String line = raw.strip();
			if (line.startsWith(EXTINF)) {
				segments++;
				parts = 0;
			}
			else if (line.startsWith(PART)) {
				parts++;
			}
			else if (line.startsWith(MEDIA_SEQUENCE)) {
				mediaSequence = number(line.substring(MEDIA_SEQUENCE.length()), 0);
			}
			else if (line.startsWith(TARGET_DURATION)) {
				targetSeconds = Math.min(number(line.substring(TARGET_DURATION.length()), 0), LONGEST_TARGET_SECONDS);
			}
			else if (line.startsWith(SKIP)) {
				// Not advertised (no delta updates), but counted right should a worker
				// ever skip.
				segments += (int) Math.min(number(attribute(line, "SKIPPED-SEGMENTS", false), 0), Integer.MAX_VALUE);
			}
			else if (line.startsWith(PRELOAD_HINT) && "PART".equals(attribute(line, "TYPE", false))) {
				preloadHint = attribute(line, "URI", true);
			}
			else if (line.equals(ENDLIST)) {
				endList = true;
			}
		}
		return new LivePlaylistState(mediaSequence, segments, parts, endList, Duration.ofSeconds(targetSeconds),
				preloadHint);
	}

	/**
	 * The media sequence number of the segment in progress: the first one not complete in
	 * this playlist.
	 */
	long nextMsn() {
		return this.mediaSequence + this.segments;
	}

	/** Whether segment {@code msn} is complete here, or the stream has gone past it. */
	boolean hasSegment(long msn) {
		return msn < nextMsn();
	}

	/**
	 * Whether part {@code part} of segment {@code msn} is listed here, or later content
	 * (a later part, or the segment complete).
	 */
	boolean hasPart(long msn, int part) {
		return hasSegment(msn) || (msn == nextMsn() && part < this.parts);
	}

	/**
	 * The value of an attribute of a tag's attribute list ({@code NAME=value} or
	 * {@code NAME="value"}), or {@code null}.
	 */
	private static String attribute(String line, String name, boolean quoted) {
		String key = name + "=" + (quoted ? "\"" : "");
		int at = line.indexOf(':');
		while (at >= 0) {
			int start = at + 1;
			if (line.startsWith(key, start)) {
				int valueStart = start + key.length();
				int end = line.indexOf(quoted ? '"' : ',', valueStart);
				if (end < 0) {
					return quoted ? null : line.substring(valueStart);
				}
				return line.substring(valueStart, end);
			}
			at = nextAttribute(line, start);
		}
		return null;
	}

	/** Where the next attribute starts (the comma before it), skipping quoted strings. */
	private static int nextAttribute(String line, int from) {
		boolean quoted = false;
		for (int i = from; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			}
			else if (c == ',' && !quoted) {
				return i;
			}
		}
		return -1;
	}

	/** A decimal-integer, or {@code otherwise} when the text is none. */
	private static long number(String text, long otherwise) {
		if (text == null || text.isEmpty() || text.length() > 18) {
			return otherwise;
		}
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) < '0' || text.charAt(i) > '9') {
				return otherwise;
			}
		}
		return Long.parseLong(text);
	}

}
