package dev.mediaplatform.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The sessions that ended while access tokens issued in them still work, held in memory
 * by each reader of {@link SessionEnded#TOPIC}: a token whose {@link SessionEnded#CLAIM}
 * names one is refused. Each is kept until the last token of its session expires, and no
 * more than {@code maximumSize} at once (the oldest go first; their tokens then work
 * until they expire, as without this list).
 */
public final class EndedSessions implements OAuth2TokenValidator<Jwt> {

	private static final OAuth2Error ENDED = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
			"the session of this token ended (it was logged out); sign in again", null);

	private final Clock clock;

	private final Cache<String, Instant> ended;

	public EndedSessions(Clock clock, long maximumSize) {
		this.clock = clock;
		this.ended = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfter(Expiry.<String, Instant>writing((session, until) -> remaining(until)))
			.build();
	}

	/**
	 * The session's tokens are refused until it ends; one whose tokens already expired is
	 * not kept.
	 */
	public void ended(SessionEnded session) {
		if (session.until().isAfter(this.clock.instant())) {
			this.ended.put(session.sessionId(), session.until());
		}
	}

	/** Whether the session ended and its tokens may still be presented. */
	public boolean isEnded(String sessionId) {
		return sessionId != null && this.ended.getIfPresent(sessionId) != null;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		return isEnded(token.getClaimAsString(SessionEnded.CLAIM)) ? OAuth2TokenValidatorResult.failure(ENDED)
				: OAuth2TokenValidatorResult.success();
	}

	private Duration remaining(Instant until) {
		Duration left = Duration.between(this.clock.instant(), until);
		return left.isNegative() ? Duration.ZERO : left;
	}

}
