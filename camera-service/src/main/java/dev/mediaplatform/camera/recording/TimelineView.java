package dev.mediaplatform.camera.recording;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.Nullable;

/**
 * What was recorded in a range, as contiguous spans cut to the range.
 *
 * @param recordedMillis the length of all spans together
 * @param recordingsUrl the camera's signed recordings folder: {@code playback.m3u8} and
 * {@code export.mp4} with any {@code from} and {@code to}, and each recording's file and
 * thumbnail, below it need no header until it expires
 * @param playbackUrl a signed playback playlist of the range, when it is no longer than
 * one playlist may be
 * @param exportUrl a signed export of the range as one MP4, under the same condition
 */
record TimelineView(String cameraId, Instant from, Instant to, List<SpanView> spans, long recordedMillis,
		String recordingsUrl, @Nullable String playbackUrl, @Nullable String exportUrl) {

	record SpanView(Instant start, Instant end) {
	}

	static TimelineView of(String cameraId, TimeRange range, List<Timeline.Span> spans, String signed,
			Duration longestPlayback) {
		boolean playable = Duration.between(range.from(), range.to()).compareTo(longestPlayback) <= 0;
		String query = "?from=" + range.from() + "&to=" + range.to();
		return new TimelineView(cameraId, range.from(), range.to(),
				spans.stream()
					.map((span) -> new SpanView(Instant.ofEpochMilli(span.start()), Instant.ofEpochMilli(span.end())))
					.toList(),
				spans.stream().mapToLong(Timeline.Span::millis).sum(), signed,
				playable ? signed + "/playback.m3u8" + query : null, playable ? signed + "/export.mp4" + query : null);
	}

}
