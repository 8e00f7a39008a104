package dev.mediaplatform.camera.recording;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A worker's announcement on the recordings topic (keyed by camera id); unknown fields
 * are ignored. Everything is optional on the wire; what an event of its kind needs is
 * checked by {@link #toRecording()}, and an event without it is refused (it goes to the
 * dead-letter topic).
 *
 * @param event {@code OPENED}, {@code PROGRESS} (the chunk being written as far as it is
 * settled: its init and the segments no later write changes), {@code CLOSED} or
 * {@code DELETED}
 * @param startMillis the chunk's start, its id within the camera
 * @param reason why a chunk was deleted ({@code retention-age}, {@code user}, ...)
 */
record RecordingEvent(String cameraId, String event, Long startMillis, String path, Instant startedAt, Instant endedAt,
		Long durationMillis, Long bytes, String codec, Boolean complete, Boolean recovered, String workerId,
		Long initSize, List<Recording.Segment> segments, String reason, Instant at) {

	enum Kind {

		OPENED, PROGRESS, CLOSED, DELETED

	}

	Kind kind() {
		if (this.event == null) {
			throw invalid("has no event");
		}
		try {
			return Kind.valueOf(this.event.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw invalid("has an unknown event " + this.event);
		}
	}

	String camera() {
		if (this.cameraId == null || this.cameraId.isBlank()) {
			throw invalid("names no camera");
		}
		return this.cameraId;
	}

	long start() {
		if (this.startMillis != null) {
			return this.startMillis;
		}
		if (this.startedAt != null) {
			return this.startedAt.toEpochMilli();
		}
		throw invalid("has no startMillis");
	}

	/**
	 * The catalogue entry: a chunk being written for {@code OPENED} (nothing playable
	 * yet) and {@code PROGRESS} (playable as far as it is settled, still without an end
	 * or a size), the final one for {@code CLOSED}.
	 */
	Recording toRecording() {
		long start = start();
		if (kind() == Kind.OPENED) {
			return new Recording(Recording.id(camera(), start), camera(), start, null, null, orZero(this.bytes),
					this.codec, false, false, null, List.of(), this.path, this.workerId);
		}
		if (kind() == Kind.PROGRESS) {
			if (this.initSize == null || this.initSize <= 0 || this.segments == null || this.segments.isEmpty()) {
				throw invalid("is PROGRESS without an initSize and segments");
			}
			return new Recording(Recording.id(camera(), start), camera(), start, null, null, 0, this.codec, false,
					false, this.initSize, checked(this.segments), this.path, this.workerId);
		}
		Long end = (this.endedAt != null) ? Long.valueOf(this.endedAt.toEpochMilli())
				: (this.durationMillis != null) ? Long.valueOf(start + this.durationMillis) : null;
		if (end == null || end < start) {
			throw invalid("is CLOSED without a valid endedAt or durationMillis");
		}
		return new Recording(Recording.id(camera(), start), camera(), start, end,
				(this.durationMillis != null) ? this.durationMillis : end - start, orZero(this.bytes), this.codec, true,
				Boolean.TRUE.equals(this.recovered), this.initSize,
				checked((this.segments != null) ? this.segments : List.of()), this.path, this.workerId);
	}

	private List<Recording.Segment> checked(List<Recording.Segment> segments) {
		if (segments.stream().anyMatch((s) -> s == null || s.offset() < 0 || s.size() <= 0 || s.durationMillis() < 0)) {
			throw invalid("has a segment without a valid offset, size or duration");
		}
		return segments;
	}

	private IllegalArgumentException invalid(String why) {
		return new IllegalArgumentException("recording event for camera " + this.cameraId + " " + why);
	}

	private static long orZero(Long value) {
		return (value != null) ? value : 0;
	}

}
