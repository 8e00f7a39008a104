package dev.mediaplatform.camera.recording;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HLS playlist that plays recorded chunks as they are on the storage: every chunk is
 * its own fragmented MP4 file, addressed by byte range (its init segment for
 * {@code #EXT-X-MAP}, then one range per keyframe-led segment), so nothing is remuxed.
 * URIs are the chunks' ids with {@code .mp4}, relative to the playlist, which is served
 * beside the files ({@code .../recordings/playback.m3u8} next to
 * {@code .../recordings/<startMillis>.mp4}).
 */
final class PlaybackPlaylist {

	private static final DateTimeFormatter PROGRAM_DATE_TIME = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX")
		.withZone(ZoneOffset.UTC);

	private PlaybackPlaylist() {
	}

	/**
	 * The playlist of the segments of {@code chunks} (chronological; complete, or being
	 * written with the segments settled so far) that overlap {@code [from, to]}, or
	 * nothing when there is none. A {@code growing} playlist is an {@code EVENT} without
	 * {@code #EXT-X-ENDLIST}: segments are appended as the chunk being written settles
	 * them, and a settled segment keeps its byte range when its chunk closes, so what a
	 * player loaded before stays true; otherwise it is a {@code VOD}.
	 */
	static Optional<String> write(List<Recording> chunks, long from, long to, boolean growing) {
		List<Part> parts = new ArrayList<>();
		long longest = 0;
		for (Recording chunk : chunks) {
			Part part = Part.of(chunk, from, to);
			if (part != null) {
				parts.add(part);
				longest = Math.max(longest, part.longest());
			}
		}
		if (parts.isEmpty()) {
			return Optional.empty();
		}
		StringBuilder m3u8 = new StringBuilder(
				256 + 80 * parts.stream().mapToInt((part) -> part.segments().size()).sum());
		m3u8.append("#EXTM3U\n")
			.append("#EXT-X-VERSION:7\n")
			.append("#EXT-X-TARGETDURATION:")
			.append(Math.max(1, (longest + 999) / 1000))
			.append('\n')
			.append("#EXT-X-MEDIA-SEQUENCE:0\n")
			.append("#EXT-X-PLAYLIST-TYPE:")
			.append(growing ? "EVENT" : "VOD")
			.append('\n')
			.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
		for (int i = 0; i < parts.size(); i++) {
			if (i > 0) {
				// Every chunk's timestamps start afresh.
				m3u8.append("#EXT-X-DISCONTINUITY\n");
			}
			parts.get(i).appendTo(m3u8);
		}
		if (!growing) {
			m3u8.append("#EXT-X-ENDLIST\n");
		}
		return Optional.of(m3u8.toString());
	}

	/**
	 * The segments of one chunk that are played, and how far into the chunk the first one
	 * starts.
	 */
	private record Part(Recording chunk, long offsetMillis, List<Recording.Segment> segments) {

		static Part of(Recording chunk, long from, long to) {
			if (chunk.initSize() == null || chunk.segments() == null) {
				return null;
			}
			List<Recording.Segment> played = new ArrayList<>();
			long firstOffset = 0;
			long offset = 0;
			for (Recording.Segment segment : chunk.segments()) {
				long start = chunk.startMillis() + offset;
				if (start <= to && start + segment.durationMillis() > from) {
					if (played.isEmpty()) {
						firstOffset = offset;
					}
					played.add(segment);
				}
				offset += segment.durationMillis();
			}
			return played.isEmpty() ? null : new Part(chunk, firstOffset, played);
		}

		long longest() {
			return this.segments.stream().mapToLong(Recording.Segment::durationMillis).max().orElse(0);
		}

		void appendTo(StringBuilder m3u8) {
			// With its extension: players (FFmpeg's HLS reader among them) refuse segment
			// URIs they cannot tell the type of.
			String uri = this.chunk.startMillis() + ".mp4";
			m3u8.append("#EXT-X-MAP:URI=\"")
				.append(uri)
				.append("\",BYTERANGE=\"")
				.append(this.chunk.initSize())
				.append("@0\"\n")
				.append("#EXT-X-PROGRAM-DATE-TIME:")
				.append(PROGRAM_DATE_TIME.format(Instant.ofEpochMilli(this.chunk.startMillis() + this.offsetMillis)))
				.append('\n');
			for (Recording.Segment segment : this.segments) {
				m3u8.append("#EXTINF:")
					.append(BigDecimal.valueOf(segment.durationMillis(), 3).toPlainString())
					.append(",\n")
					.append("#EXT-X-BYTERANGE:")
					.append(segment.size())
					.append('@')
					.append(segment.offset())
					.append('\n')
					.append(uri)
					.append('\n');
			}
		}

	}

}
