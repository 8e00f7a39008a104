package dev.mediaplatform.camera.recording;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The playback playlist's text, pinned. */
class PlaybackPlaylistTests {

	static final String CAMERA = "0b5c3f3e-8a51-4c1e-9a43-6f2d8f0e5a11";

	/** 2026-01-01T10:00:00Z. */
	static final long T0 = Instant.parse("2026-01-01T10:00:00Z").toEpochMilli();

	static Recording chunk(long start, long initSize, Recording.Segment... segments) {
		long duration = List.of(segments).stream().mapToLong(Recording.Segment::durationMillis).sum();
		return new Recording(Recording.id(CAMERA, start), CAMERA, start, start + duration, duration, 0, "h264", true,
				false, initSize, List.of(segments), null, "w1");
	}

	static final Recording FIRST = chunk(T0, 1200, new Recording.Segment(1200, 50000, 2000),
			new Recording.Segment(51200, 48000, 2000), new Recording.Segment(99200, 30500, 1533));

	static final Recording SECOND = chunk(T0 + 6500, 900, new Recording.Segment(900, 40000, 2500),
			new Recording.Segment(40900, 41000, 2040));

	@Nested
	class Whole {

		@Test
		void shouldListEveryChunkByByteRangeWithAMapAndATimeWhenTheRangeCoversThem() {
			String playlist = PlaybackPlaylist.write(List.of(FIRST, SECOND), T0, T0 + 60_000, false).orElseThrow();

			assertThat(playlist).isEqualTo("""
					#EXTM3U
					#EXT-X-VERSION:7
					#EXT-X-TARGETDURATION:3
					#EXT-X-MEDIA-SEQUENCE:0
					#EXT-X-PLAYLIST-TYPE:VOD
					#EXT-X-INDEPENDENT-SEGMENTS
					#EXT-X-MAP:URI="1767261600000.mp4",BYTERANGE="1200@0"
					#EXT-X-PROGRAM-DATE-TIME:2026-01-01T10:00:00.000Z
					#EXTINF:2.000,
					#EXT-X-BYTERANGE:50000@1200
					1767261600000.mp4
					#EXTINF:2.000,
					#EXT-X-BYTERANGE:48000@51200
					1767261600000.mp4
					#EXTINF:1.533,
					#EXT-X-BYTERANGE:30500@99200
					1767261600000.mp4
					#EXT-X-DISCONTINUITY
					#EXT-X-MAP:URI="1767261606500.mp4",BYTERANGE="900@0"
					#EXT-X-PROGRAM-DATE-TIME:2026-01-01T10:00:06.500Z
					#EXTINF:2.500,
					#EXT-X-BYTERANGE:40000@900
					1767261606500.mp4
					#EXTINF:2.040,
					#EXT-X-BYTERANGE:41000@40900
					1767261606500.mp4
					#EXT-X-ENDLIST
					""");
		}

		@Test
		void shouldBeAGrowingEventWithoutEndWhenItRunsUpToNow() {
			String playlist = PlaybackPlaylist.write(List.of(FIRST), T0, T0 + 60_000, true).orElseThrow();

			assertThat(playlist).contains("#EXT-X-PLAYLIST-TYPE:EVENT\n")
				.doesNotContain("VOD")
				.doesNotContain("#EXT-X-ENDLIST")
				.doesNotContain("#EXT-X-DISCONTINUITY")
				.endsWith("#EXT-X-BYTERANGE:30500@99200\n1767261600000.mp4\n");
		}

		@Test
		void shouldFollowTheChunkBeingWrittenWithTheSegmentsItClosesWithWhenItRunsUpToNow() {
			Recording growing = new Recording(Recording.id(CAMERA, SECOND.startMillis()), CAMERA, SECOND.startMillis(),
					null, null, 0, "h264", false, false, 900L, SECOND.segments().subList(0, 1), null, "w1");

			String before = PlaybackPlaylist.write(List.of(FIRST, growing), T0, T0 + 60_000, true).orElseThrow();
			String after = PlaybackPlaylist.write(List.of(FIRST, SECOND), T0, T0 + 60_000, true).orElseThrow();

			assertThat(before).endsWith("""
					#EXT-X-DISCONTINUITY
					#EXT-X-MAP:URI="1767261606500.mp4",BYTERANGE="900@0"
					#EXT-X-PROGRAM-DATE-TIME:2026-01-01T10:00:06.500Z
					#EXTINF:2.500,
					#EXT-X-BYTERANGE:40000@900
					1767261606500.mp4
					""");
			// Once closed, the playlist only grows: a player's earlier load stays true.
			assertThat(after).startsWith(before).endsWith("#EXT-X-BYTERANGE:41000@40900\n1767261606500.mp4\n");
		}

		@Test
		void shouldPlayAMomentInsideTheChunkBeingWrittenWhenTheRangeEndsInIt() {
			Recording growing = new Recording(Recording.id(CAMERA, SECOND.startMillis()), CAMERA, SECOND.startMillis(),
					null, null, 0, "h264", false, false, 900L, SECOND.segments(), null, "w1");

			assertThat(PlaybackPlaylist.write(List.of(growing), T0 + 9500, T0 + 10_000, false).orElseThrow())
				.contains("#EXT-X-PROGRAM-DATE-TIME:2026-01-01T10:00:09.000Z\n")
				.contains("#EXT-X-BYTERANGE:41000@40900\n")
				.doesNotContain("40000@900")
				.endsWith("#EXT-X-ENDLIST\n");
		}

	}

	@Nested
	class Part {

		@Test
		void shouldListOnlyTheSegmentsThatOverlapTheRangeAndDateTheFirstWhenTheRangeCutsChunks() {
			// From inside FIRST's second segment to inside SECOND's first.
			String playlist = PlaybackPlaylist.write(List.of(FIRST, SECOND), T0 + 2500, T0 + 7000, false).orElseThrow();

			assertThat(playlist).isEqualTo("""
					#EXTM3U
					#EXT-X-VERSION:7
					#EXT-X-TARGETDURATION:3
					#EXT-X-MEDIA-SEQUENCE:0
					#EXT-X-PLAYLIST-TYPE:VOD
					#EXT-X-INDEPENDENT-SEGMENTS
					#EXT-X-MAP:URI="1767261600000.mp4",BYTERANGE="1200@0"
					#EXT-X-PROGRAM-DATE-TIME:2026-01-01T10:00:02.000Z
					#EXTINF:2.000,
					#EXT-X-BYTERANGE:48000@51200
					1767261600000.mp4
					#EXTINF:1.533,
					#EXT-X-BYTERANGE:30500@99200
					1767261600000.mp4
					#EXT-X-DISCONTINUITY
					#EXT-X-MAP:URI="1767261606500.mp4",BYTERANGE="900@0"
					#EXT-X-PROGRAM-DATE-TIME:2026-01-01T10:00:06.500Z
					#EXTINF:2.500,
					#EXT-X-BYTERANGE:40000@900
					1767261606500.mp4
					#EXT-X-ENDLIST
					""");
		}

		@Test
		void shouldRoundTheTargetDurationUpWhenTheLongestSegmentHasAFraction() {
			Recording odd = chunk(T0, 500, new Recording.Segment(500, 1000, 4001));

			assertThat(PlaybackPlaylist.write(List.of(odd), T0, T0 + 10_000, false).orElseThrow())
				.contains("#EXT-X-TARGETDURATION:5\n")
				.contains("#EXTINF:4.001,\n");
		}

		@Test
		void shouldWriteNothingWhenNoSegmentOverlapsTheRange() {
			assertThat(PlaybackPlaylist.write(List.of(FIRST), T0 + 6000, T0 + 6400, false)).isEmpty();
			assertThat(PlaybackPlaylist.write(List.of(), T0, T0 + 6400, false)).isEmpty();
		}

		@Test
		void shouldSkipAChunkWhenItHasNoInitOrSegments() {
			Recording noInit = new Recording(Recording.id(CAMERA, T0 - 60_000), CAMERA, T0 - 60_000, T0 - 1000, 59_000L,
					0, "h264", true, false, null, List.of(new Recording.Segment(0, 10, 59_000)), null, "w1");

			assertThat(PlaybackPlaylist.write(List.of(noInit, SECOND), T0 - 60_000, T0 + 60_000, false).orElseThrow())
				.doesNotContain("1767261540000")
				.doesNotContain("#EXT-X-DISCONTINUITY")
				.contains("#EXT-X-MAP:URI=\"1767261606500.mp4\"");
		}

	}

}
