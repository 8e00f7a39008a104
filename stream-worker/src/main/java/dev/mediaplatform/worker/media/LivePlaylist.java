package dev.mediaplatform.worker.media;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A camera's live playlist as Low-Latency HLS (RFC 8216bis) describes it: the media
 * segments in the window, the partial segments of the newest ones and of the segment in
 * progress, and a preload hint naming the next part. One segment per keyframe interval,
 * one part per fragment; every segment has a program date and its initialization segment.
 * Players without LL support ignore the part tags and read it as a regular playlist. Made
 * and read back here only: {@link HlsFolder} writes the files it names.
 */
final class LivePlaylist {

	private static final String MEDIA_SEQUENCE = "#EXT-X-MEDIA-SEQUENCE:";

	private static final String DISCONTINUITY_SEQUENCE = "#EXT-X-DISCONTINUITY-SEQUENCE:";

	private static final String TARGET_DURATION = "#EXT-X-TARGETDURATION:";

	private static final String PART_INF = "#EXT-X-PART-INF:PART-TARGET=";

	private static final String DISCONTINUITY = "#EXT-X-DISCONTINUITY";

	private static final String MAP = "#EXT-X-MAP:URI=\"";

	private static final String DATE_TIME = "#EXT-X-PROGRAM-DATE-TIME:";

	private static final String PART = "#EXT-X-PART:";

	private static final String EXTINF = "#EXTINF:";

	static final String END = "#EXT-X-ENDLIST";

	/** One partial segment: a fragment of its own file. */
	record Part(String uri, double seconds, boolean independent) {
	}

	/**
	 * A media segment, complete or in progress.
	 *
	 * @param parts its parts while they are listed (the newest segments'), else empty
	 */
	record Segment(long sequence, String uri, double seconds, boolean discontinuity, String map, Instant dateTime,
			List<Part> parts) {

		Segment withoutParts() {
			return new Segment(this.sequence, this.uri, this.seconds, this.discontinuity, this.map, this.dateTime,
					List.of());
		}

	}

	private final Deque<Segment> segments = new ArrayDeque<>();

	private long mediaSequence;

	private long discontinuitySequence;

	/** Never lowered while the playlist lives (RFC 8216 4.3.3.1). */
	private int targetSeconds = 1;

	private double partTarget;

	/** The next segment's sequence number. */
	private long next;

	LivePlaylist(double partTarget) {
		this.partTarget = partTarget;
	}

	long next() {
		return this.next;
	}

	List<Segment> segments() {
		return List.copyOf(this.segments);
	}

	/**
	 * Adds a complete segment, drops the oldest beyond {@code size}, and keeps the parts
	 * of the newest {@code withParts} segments only.
	 * @return the names of the files the playlist no longer lists
	 */
	List<String> add(Segment segment, int size, int withParts) {
		this.segments.addLast(segment);
		this.next = segment.sequence() + 1;
		this.targetSeconds = Math.max(this.targetSeconds, (int) Math.round(segment.seconds() + 0.0005));
		segment.parts().forEach(this::covers);
		List<String> gone = new ArrayList<>();
		while (this.segments.size() > size) {
			Segment first = this.segments.removeFirst();
			if (first.discontinuity()) {
				// Its tag leaves with it: players still count it (RFC 8216 4.3.3.3).
				this.discontinuitySequence++;
			}
			gone.add(first.uri());
			first.parts().forEach((part) -> gone.add(part.uri()));
		}
		this.mediaSequence = this.segments.peekFirst().sequence();
		List<Segment> listed = new ArrayList<>(this.segments);
		this.segments.clear();
		for (int i = 0; i < listed.size(); i++) {
			Segment kept = listed.get(i);
			if (i < listed.size() - withParts && !kept.parts().isEmpty()) {
				kept.parts().forEach((part) -> gone.add(part.uri()));
				kept = kept.withoutParts();
			}
			this.segments.addLast(kept);
		}
		return gone;
	}

	/** Notes a part longer than the part target: the target grows to cover it. */
	void covers(Part part) {
		this.partTarget = Math.max(this.partTarget, part.seconds());
	}

	/**
	 * The playlist's text.
	 * @param progress the segment in progress (its parts so far), or {@code null}
	 * @param hint the next part's name, or {@code null} once the playlist ends
	 */
	String render(Segment progress, String hint, boolean ended) {
		StringBuilder out = new StringBuilder(2048);
		out.append("#EXTM3U\n#EXT-X-VERSION:9\n");
		out.append(TARGET_DURATION).append(this.targetSeconds).append('\n');
		// Three parts behind the newest, as RFC 8216bis recommends, and never less
		// than twice the part target it requires.
		out.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=")
			.append(seconds(3 * this.partTarget))
			.append('\n');
		out.append(PART_INF).append(seconds(this.partTarget)).append('\n');
		out.append(MEDIA_SEQUENCE).append(this.mediaSequence).append('\n');
		if (this.discontinuitySequence > 0) {
			out.append(DISCONTINUITY_SEQUENCE).append(this.discontinuitySequence).append('\n');
		}
		out.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
		String map = null;
		for (Segment segment : this.segments) {
			map = head(out, segment, map);
			parts(out, segment.parts());
			out.append(EXTINF).append(seconds(segment.seconds())).append(",\n").append(segment.uri()).append('\n');
		}
		if (progress != null && !progress.parts().isEmpty()) {
			head(out, progress, map);
			parts(out, progress.parts());
		}
		if (hint != null && !ended) {
			out.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").append(hint).append("\"\n");
		}
		if (ended) {
			out.append(END).append('\n');
		}
		return out.toString();
	}

	private static String head(StringBuilder out, Segment segment, String previousMap) {
		if (segment.discontinuity()) {
			out.append(DISCONTINUITY).append('\n');
		}
		if (!segment.map().equals(previousMap) || segment.discontinuity()) {
			out.append(MAP).append(segment.map()).append("\"\n");
		}
		if (segment.dateTime() != null) {
			out.append(DATE_TIME).append(segment.dateTime()).append('\n');
		}
		return segment.map();
	}

	private static void parts(StringBuilder out, List<Part> parts) {
		for (Part part : parts) {
			out.append(PART).append("DURATION=").append(seconds(part.seconds())).append(",URI=\"").append(part.uri());
			out.append(part.independent() ? "\",INDEPENDENT=YES\n" : "\"\n");
		}
	}

	private static String seconds(double seconds) {
		return String.format(Locale.ROOT, "%.3f", seconds);
	}

	/**
	 * Reads a playlist this class wrote, to continue it.
	 * @return the playlist with its complete segments (parts kept), and the parts of the
	 * segment that was in progress, or empty when it cannot be continued: ended, without
	 * segments, or of another format (MPEG-TS from before)
	 */
	static Optional<Continued> read(String text, double partTarget) {
		if (text.contains(END) || !text.contains(PART_INF)) {
			return Optional.empty();
		}
		LivePlaylist playlist = new LivePlaylist(partTarget);
		long sequence = 0;
		boolean discontinuity = false;
		String map = null;
		Instant dateTime = null;
		double seconds = -1;
		List<Part> parts = new ArrayList<>();
		try {
			for (String line : text.lines().toList()) {
				if (line.startsWith(MEDIA_SEQUENCE)) {
					sequence = Long.parseLong(line.substring(MEDIA_SEQUENCE.length()).trim());
				}
				else if (line.startsWith(DISCONTINUITY_SEQUENCE)) {
					playlist.discontinuitySequence = Long.parseLong(line.substring(DISCONTINUITY_SEQUENCE.length()));
				}
				else if (line.startsWith(TARGET_DURATION)) {
					playlist.targetSeconds = Integer.parseInt(line.substring(TARGET_DURATION.length()).trim());
				}
				else if (line.startsWith(PART_INF)) {
					playlist.partTarget = Math.max(partTarget, Double.parseDouble(line.substring(PART_INF.length())));
				}
				else if (line.equals(DISCONTINUITY)) {
					discontinuity = true;
				}
				else if (line.startsWith(MAP)) {
					map = quoted(line, MAP.length());
				}
				else if (line.startsWith(DATE_TIME)) {
					dateTime = Instant.parse(line.substring(DATE_TIME.length()).trim());
				}
				else if (line.startsWith(PART)) {
					parts.add(part(line));
				}
				else if (line.startsWith(EXTINF)) {
					seconds = Double.parseDouble(line.substring(EXTINF.length(), line.indexOf(',')));
				}
				else if (!line.isBlank() && !line.startsWith("#")) {
					if (map == null || seconds < 0) {
						return Optional.empty();
					}
					playlist.segments.addLast(new Segment(sequence++, line.trim(), seconds, discontinuity, map,
							dateTime, List.copyOf(parts)));
					discontinuity = false;
					dateTime = null;
					seconds = -1;
					parts.clear();
				}
			}
		}
		catch (RuntimeException ex) {
			// Not one of ours, or cut: the stream starts a playlist afresh.
			return Optional.empty();
		}
		if (playlist.segments.isEmpty() || map == null) {
			return Optional.empty();
		}
		playlist.mediaSequence = playlist.segments.peekFirst().sequence();
		playlist.next = sequence;
		Segment cut = parts.isEmpty() ? null : new Segment(sequence, null,
				parts.stream().mapToDouble(Part::seconds).sum(), discontinuity, map, dateTime, List.copyOf(parts));
		return Optional.of(new Continued(playlist, cut));
	}

	/**
	 * A playlist read back.
	 *
	 * @param cut the segment a cut-off run had in progress (its parts and their total
	 * duration, no name yet), or {@code null}
	 */
	record Continued(LivePlaylist playlist, Segment cut) {
	}

	private static Part part(String line) {
		String uri = null;
		double seconds = -1;
		for (String attribute : line.substring(PART.length()).split(",")) {
			if (attribute.startsWith("DURATION=")) {
				seconds = Double.parseDouble(attribute.substring("DURATION=".length()));
			}
			else if (attribute.startsWith("URI=")) {
				uri = quoted(attribute, "URI=\"".length());
			}
		}
		if (uri == null || seconds < 0) {
			throw new IllegalArgumentException("not a part: " + line);
		}
		return new Part(uri, seconds, line.contains("INDEPENDENT=YES"));
	}

	private static String quoted(String text, int from) {
		int end = text.indexOf('"', from);
		if (end < 0) {
			throw new IllegalArgumentException("unterminated: " + text);
		}
		return text.substring(from, end);
	}

}
