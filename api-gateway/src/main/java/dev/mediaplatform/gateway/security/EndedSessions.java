package dev.mediaplatform.gateway.security;

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
 * The sessions that ended (logged out, or a refresh token presented twice) while access
 * tokens issued in them still work: a token whose {@code sid} names one is refused. Each
 * is kept until the last token of its session expires, in memory: auth-service announces
 * them on Kafka and every gateway reads them all from its start
 * ({@link RevocationListener}).
 */
final class EndedSessions implements OAuth2TokenValidator<Jwt> {

	/**
	 * The claim naming the session a token was issued in (auth-service's AccessTokens).
	 */
	static final String SESSION_CLAIM = "sid";

	private static final OAuth2Error ENDED = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
			"the session of this token ended (it was logged out); sign in again", null);

	private final Clock clock;

	private final Cache<String, Instant> ended;

	EndedSessions(Clock clock, long maximumSize) {
		this.clock = clock;
		this.ended = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfter(Expiry.<String, Instant>writing((session, until) -> remaining(until)))
			.build();
	}

	/**
	 * The session's tokens are refused until {@code until}; one already past is not kept.
	 */
	void ended(String sessionId, Instant until) {
		if (until.isAfter(this.clock.instant())) {
			this.ended.put(sessionId, until);
		}
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		String session = token.getClaimAsString(SESSION_CLAIM);
		return (session != null && this.ended.getIfPresent(session) != null) ? OAuth2TokenValidatorResult.failure(ENDED)
				: OAuth2TokenValidatorResult.success();
	}

	private Duration remaining(Instant until) {
		Duration left = Duration.between(this.clock.instant(), until);
		return left.isNegative() ? Duration.ZERO : left;
	}

}
