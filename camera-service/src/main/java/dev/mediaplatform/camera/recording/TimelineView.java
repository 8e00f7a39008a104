package dev.mediaplatform.camera.recording;

import java.time.Instant;
import java.util.List;

/**
 * What was recorded in a range, as contiguous spans cut to the range.
 *
 * @param recordedMillis the length of all spans together
 */
record TimelineView(String cameraId, Instant from, Instant to, List<SpanView> spans, long recordedMillis) {

	record SpanView(Instant start, Instant end) {
	}

	static TimelineView of(String cameraId, TimeRange range, List<Timeline.Span> spans) {
		return new TimelineView(cameraId, range.from(), range.to(),
				spans.stream()
					.map((span) -> new SpanView(Instant.ofEpochMilli(span.start()), Instant.ofEpochMilli(span.end())))
					.toList(),
				spans.stream().mapToLong(Timeline.Span::millis).sum());
	}

}
