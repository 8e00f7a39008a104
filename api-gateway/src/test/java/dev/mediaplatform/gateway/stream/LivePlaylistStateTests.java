package dev.mediaplatform.gateway.stream;

import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading a Low-Latency HLS playlist as the stream worker writes it (the storage contract
 * of issue 20), and deciding blocking reloads on it.
 */
class LivePlaylistStateTests {

	/** Segments 120..125 complete, 126 in progress with two parts, part 2 announced. */
	static final String LIVE = """
			#EXTM3U
			#EXT-X-VERSION:9
			#EXT-X-TARGETDURATION:1
			#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600
			#EXT-X-PART-INF:PART-TARGET=0.200
			#EXT-X-MEDIA-SEQUENCE:120
			#EXT-X-DISCONTINUITY-SEQUENCE:2
			#EXT-X-INDEPENDENT-SEGMENTS
			#EXT-X-MAP:URI="lx3k-init.mp4"
			#EXT-X-PROGRAM-DATE-TIME:2026-12-07T22:00:00.000Z
			#EXTINF:1.000,
			lx3k-120.m4s
			#EXTINF:1.000,
			lx3k-121.m4s
			#EXTINF:1.000,
			lx3k-122.m4s
			#EXT-X-DISCONTINUITY
			#EXT-X-MAP:URI="mz01-init.mp4"
			#EXTINF:1.000,
			mz01-123.m4s
			#EXTINF:1.000,
			mz01-124.m4s
			#EXT-X-PART:DURATION=0.200,URI="mz01-125-0.m4s",INDEPENDENT=YES
			#EXT-X-PART:DURATION=0.200,URI="mz01-125-1.m4s"
			#EXT-X-PART:DURATION=0.200,URI="mz01-125-2.m4s"
			#EXT-X-PART:DURATION=0.200,URI="mz01-125-3.m4s"
			#EXT-X-PART:DURATION=0.200,URI="mz01-125-4.m4s"
			#EXTINF:1.000,
			mz01-125.m4s
			#EXT-X-PART:DURATION=0.200,URI="mz01-126-0.m4s",INDEPENDENT=YES
			#EXT-X-PART:DURATION=0.200,URI="mz01-126-1.m4s"
			#EXT-X-PRELOAD-HINT:TYPE=PART,URI="mz01-126-2.m4s"
			""";

	@Nested
	class Parsing {

		@Test
		void shouldReadTheSegmentInProgressAndItsParts() {
			LivePlaylistState state = LivePlaylistState.parse(LIVE);

			assertThat(state.mediaSequence()).isEqualTo(120);
			assertThat(state.segments()).isEqualTo(6);
			assertThat(state.nextMsn()).isEqualTo(126);
			assertThat(state.parts()).isEqualTo(2);
			assertThat(state.preloadHint()).isEqualTo("mz01-126-2.m4s");
			assertThat(state.targetDuration()).isEqualTo(Duration.ofSeconds(1));
			assertThat(state.endList()).isFalse();
		}

		@Test
		void shouldReadAnEndedStreamWithCarriageReturnsAndNoHint() {
			LivePlaylistState state = LivePlaylistState
				.parse("#EXTM3U\r\n#EXT-X-TARGETDURATION:2\r\n#EXT-X-MEDIA-SEQUENCE:7\r\n#EXTINF:2.0,\r\nr-7.m4s\r\n"
						+ "#EXT-X-ENDLIST\r\n");

			assertThat(state.endList()).isTrue();
			assertThat(state.nextMsn()).isEqualTo(8);
			assertThat(state.parts()).isZero();
			assertThat(state.preloadHint()).isNull();
			assertThat(state.targetDuration()).isEqualTo(Duration.ofSeconds(2));
		}

		@Test
		void shouldStartAtZeroWithoutAMediaSequenceAndCountSkippedSegments() {
			LivePlaylistState state = LivePlaylistState.parse(
					"#EXTM3U\n#EXT-X-SKIP:SKIPPED-SEGMENTS=3\n#EXTINF:1.0,\nr-3.m4s\n#EXT-X-PART:URI=\"r-4-0.m4s\"\n");

			assertThat(state.nextMsn()).isEqualTo(4);
			assertThat(state.parts()).isEqualTo(1);
		}

		@Test
		void shouldIgnoreAHintForTheInitializationSectionAndDamagedValues() {
			LivePlaylistState state = LivePlaylistState.parse("#EXTM3U\n#EXT-X-TARGETDURATION:x\n"
					+ "#EXT-X-MEDIA-SEQUENCE:-4\n#EXT-X-PRELOAD-HINT:TYPE=MAP,URI=\"r-init.mp4\"\n");

			assertThat(state.preloadHint()).isNull();
			assertThat(state.mediaSequence()).isZero();
			assertThat(state.targetDuration()).isZero();
		}

		@Test
		void shouldReadTheHintsUriWhateverTheOrderOfItsAttributes() {
			assertThat(LivePlaylistState.parse("#EXT-X-PRELOAD-HINT:URI=\"a,b-1-2.m4s\",TYPE=PART\n").preloadHint())
				.isEqualTo("a,b-1-2.m4s");
		}

	}

	@Nested
	class BlockingReloads {

		final LivePlaylistState live = LivePlaylistState.parse(LIVE);

		@Test
		void shouldBeSatisfiedByTheSegmentOrPartAskedForOrLaterContent() {
			assertThat(reload("125", null).satisfiedBy(this.live)).as("a complete segment").isTrue();
			assertThat(reload("126", null).satisfiedBy(this.live)).as("the segment in progress").isFalse();
			assertThat(reload("126", "1").satisfiedBy(this.live)).as("a listed part").isTrue();
			assertThat(reload("126", "2").satisfiedBy(this.live)).as("the announced part").isFalse();
			assertThat(reload("125", "9").satisfiedBy(this.live)).as("a part of a complete segment").isTrue();
			assertThat(reload("127", "0").satisfiedBy(this.live)).as("the next segment").isFalse();
		}

		@Test
		void shouldBeSatisfiedByAnEndedStreamWhateverItAsks() {
			LivePlaylistState ended = LivePlaylistState.parse(LIVE + "#EXT-X-ENDLIST\n");

			assertThat(reload("500", "3").satisfiedBy(ended)).isTrue();
		}

		@Test
		void shouldTellARequestMoreThanOneSegmentAhead() {
			assertThat(reload("127", null).beyond(this.live)).isFalse();
			assertThat(reload("128", null).beyond(this.live)).isTrue();
		}

		@Test
		void shouldTakeAnOrdinaryRequestAndIgnoreSkip() {
			assertThat(BlockingReload.of(query(null, null))).isEmpty();
			MultiValueMap<String, String> skip = query("126", null);
			skip.add("_HLS_skip", "YES");
			assertThat(BlockingReload.of(skip)).contains(new BlockingReload(126, -1));
		}

		@Test
		void shouldRefuseDirectivesThatAreNoNumbersOrAPartWithoutItsSegment() {
			for (String[] invalid : new String[][] { { null, "1" }, { "x", null }, { "-1", null }, { "1", "-1" },
					{ "", null }, { "1", "1.5" }, { "9".repeat(19), null }, { "1", "9".repeat(10) } }) {
				assertThatExceptionOfType(BlockingReload.Invalid.class)
					.as(String.join(",", String.valueOf(invalid[0]), String.valueOf(invalid[1])))
					.isThrownBy(() -> BlockingReload.of(query(invalid[0], invalid[1])));
			}
		}

		BlockingReload reload(String msn, String part) {
			return BlockingReload.of(query(msn, part)).orElseThrow();
		}

		MultiValueMap<String, String> query(String msn, String part) {
			MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
			if (msn != null) {
				query.add("_HLS_msn", msn);
			}
			if (part != null) {
				query.add("_HLS_part", part);
			}
			return query;
		}

	}

}
