package dev.mediaplatform.camera.recording;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Chunks merged into a timeline's spans. */
class TimelineTests {

	static Timeline.Chunk closed(long start, long end) {
		return new Timeline.Chunk(start, end, true);
	}

	@Test
	void shouldMergeChunksWhenTheGapIsAtMostOneAndAHalfSeconds() {
		List<Timeline.Span> spans = Timeline.spans(
				List.of(closed(0, 60_000), closed(61_500, 120_000), closed(121_501, 180_000)), 0, 1_000_000, 1_000_000);

		assertThat(spans).containsExactly(new Timeline.Span(0, 120_000), new Timeline.Span(121_501, 180_000));
	}

	@Test
	void shouldCutSpansToTheRangeWhenChunksReachOutOfIt() {
		List<Timeline.Span> spans = Timeline.spans(List.of(closed(0, 60_000), closed(60_500, 120_000)), 30_000, 90_000,
				1_000_000);

		assertThat(spans).containsExactly(new Timeline.Span(30_000, 90_000));
	}

	@Test
	void shouldCountAChunkBeingWrittenUpToNowOrUpToTheNextChunk() {
		List<Timeline.Span> last = Timeline.spans(List.of(closed(0, 60_000), new Timeline.Chunk(60_400, null, false)),
				0, 1_000_000, 75_000);
		List<Timeline.Span> followed = Timeline
			.spans(List.of(new Timeline.Chunk(0, null, false), closed(300_000, 360_000)), 0, 1_000_000, 900_000);

		assertThat(last).containsExactly(new Timeline.Span(0, 75_000));
		assertThat(followed).containsExactly(new Timeline.Span(0, 360_000));
	}

	@Test
	void shouldAnswerNoSpanWhenThereIsNoChunk() {
		assertThat(Timeline.spans(List.of(), 0, 1000, 1000)).isEmpty();
	}

}
