package dev.mediaplatform.auth.ratelimit;

/** 429 with {@code Retry-After}. */
public final class TooManyAttempts extends RuntimeException {

	private final long retryAfterSeconds;

	private TooManyAttempts(long retryAfterSeconds) {
		super("too many attempts; try again in " + retryAfterSeconds + " s");
		this.retryAfterSeconds = retryAfterSeconds;
	}

	static TooManyAttempts retryAfter(long seconds) {
		return new TooManyAttempts(seconds);
	}

	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
