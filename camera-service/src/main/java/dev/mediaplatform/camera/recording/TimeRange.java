package dev.mediaplatform.camera.recording;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import dev.mediaplatform.camera.camera.InvalidCameraInput;

/**
 * A time range from the {@code from} and {@code to} query parameters (ISO-8601 instants),
 * checked: {@code from} not after {@code to}, and not longer than a route allows.
 */
record TimeRange(Instant from, Instant to) {

	/**
	 * The range asked for: {@code to} defaults to {@code now}, {@code from} to
	 * {@code defaultLength} before {@code to}, or is required when that is {@code null}.
	 * An empty parameter ({@code ?from=&to=}) counts as absent.
	 */
	static TimeRange parse(String from, String to, Instant now, Duration defaultLength, Duration longest) {
		Instant end = given(to) ? instant("to", to) : now;
		Instant start;
		if (given(from)) {
			start = instant("from", from);
		}
		else if (defaultLength != null) {
			start = end.minus(defaultLength);
		}
		else {
			throw InvalidCameraInput.field("from", "is required (an ISO-8601 instant such as 2026-01-31T18:00:00Z)");
		}
		if (start.isAfter(end)) {
			throw InvalidCameraInput.field("from", "must not be after to");
		}
		if (Duration.between(start, end).compareTo(longest) > 0) {
			throw InvalidCameraInput.field("from", "must be at most " + describe(longest) + " before to");
		}
		return new TimeRange(start, end);
	}

	/** Whether a parameter was given a value. */
	static boolean given(String parameter) {
		return parameter != null && !parameter.isBlank();
	}

	long fromMillis() {
		return this.from.toEpochMilli();
	}

	long toMillis() {
		return this.to.toEpochMilli();
	}

	private static String describe(Duration length) {
		return (length.toHours() > 48) ? length.toDays() + " days" : length.toHours() + " hours";
	}

	private static Instant instant(String name, String value) {
		try {
			Instant instant = Instant.parse(value.trim());
			// Only instants that have epoch milliseconds, as the catalogue counts.
			instant.toEpochMilli();
			return instant;
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			throw InvalidCameraInput.field(name, "must be an ISO-8601 instant such as 2026-01-31T18:00:00Z");
		}
	}

}
