package dev.mediaplatform.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Remembers the tokens whose signature was verified, until they expire, so that a
 * client's next requests with the same token skip the RSA check: it was a third of the
 * gateway's work per request (more with the local platform's quick JIT tier, where
 * {@code BigInteger} has no intrinsics). Only the exact token string that passed is
 * remembered, so nothing unsigned can pass for it.
 * <p>
 * What can change while a token is valid is checked on every request all the same: the
 * {@code validator} (expiry, issuer, an ended session) runs again on a remembered token,
 * and the account check follows the decoder either way. A key removed from the JWKS
 * before its tokens expire leaves them working here until they do (15 minutes at most),
 * as a JWKS cache would.
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder signatures;

	private final OAuth2TokenValidator<Jwt> validator;

	private final Cache<String, Jwt> verified;

	/**
	 * @param signatures verifies a token not seen yet, with {@code validator} among its
	 * checks
	 * @param validator what is checked again on a remembered token
	 * @param clock the clock of the expiry
	 * @param maximumSize how many tokens are remembered at most (the least used go first)
	 */
	VerifiedTokens(ReactiveJwtDecoder signatures, OAuth2TokenValidator<Jwt> validator, Clock clock, long maximumSize) {
		this.signatures = signatures;
		this.validator = validator;
		this.verified = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfter(Expiry.<String, Jwt>writing((token, jwt) -> untilExpiry(jwt, clock)))
			.build();
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Jwt known = this.verified.getIfPresent(token);
		if (known == null) {
			return this.signatures.decode(token).doOnNext((jwt) -> this.verified.put(token, jwt));
		}
		OAuth2TokenValidatorResult result = this.validator.validate(known);
		if (result.hasErrors()) {
			this.verified.invalidate(token);
			return Mono.error(new JwtValidationException(message(result), result.getErrors()));
		}
		return Mono.just(known);
	}

	/** As Spring Security's decoder words a refusal, so that clients read the same. */
	private static String message(OAuth2TokenValidatorResult result) {
		for (OAuth2Error error : result.getErrors()) {
			if (error.getDescription() != null && !error.getDescription().isEmpty()) {
				return error.getDescription();
			}
		}
		return "Unable to validate Jwt";
	}

	/** A token without an expiry is not remembered. */
	private static Duration untilExpiry(Jwt jwt, Clock clock) {
		Instant expires = jwt.getExpiresAt();
		if (expires == null) {
			return Duration.ZERO;
		}
		Duration left = Duration.between(clock.instant(), expires);
		return left.isNegative() ? Duration.ZERO : left;
	}

}
