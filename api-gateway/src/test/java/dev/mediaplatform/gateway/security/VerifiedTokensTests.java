package dev.mediaplatform.gateway.security;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mediaplatform.sessions.EndedSessions;
import dev.mediaplatform.sessions.SessionEnded;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A token verified once is not verified again, but what can change while it is valid (an
 * ended session, its expiry) still refuses it.
 */
class VerifiedTokensTests {

	static final Instant NOW = Instant.now();

	final AtomicInteger verifications = new AtomicInteger();

	final EndedSessions sessions = new EndedSessions(Clock.systemUTC(), 100);

	final OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
			this.sessions);

	/** Verifies "good-*" tokens only, as the signature check would. */
	final ReactiveJwtDecoder signatures = (token) -> {
		this.verifications.incrementAndGet();
		return token.startsWith("good-") ? Mono.just(jwt(token, NOW.plusSeconds(900)))
				: Mono.error(new BadJwtException("bad signature"));
	};

	final VerifiedTokens tokens = new VerifiedTokens(this.signatures, this.validator, Clock.fixed(NOW, ZoneOffset.UTC),
			100);

	@Test
	void shouldVerifyATokenOnceWhileItIsValid() {
		assertThat(this.tokens.decode("good-1").block().getSubject()).isEqualTo("u-1");
		assertThat(this.tokens.decode("good-1").block().getSubject()).isEqualTo("u-1");

		assertThat(this.verifications).hasValue(1);
	}

	@Test
	void shouldVerifyEveryOtherTokenItself() {
		this.tokens.decode("good-1").block();

		assertThatThrownBy(() -> this.tokens.decode("forged-1").block()).isInstanceOf(BadJwtException.class);
		assertThatThrownBy(() -> this.tokens.decode("forged-1").block()).isInstanceOf(BadJwtException.class);
		assertThat(this.verifications).as("a refused token is not remembered").hasValue(3);
	}

	@Test
	void shouldRefuseARememberedTokenOnceItsSessionEnded() {
		this.tokens.decode("good-1").block();

		this.sessions.ended(new SessionEnded("s-1", "u-1", NOW.plusSeconds(900)));

		assertThatThrownBy(() -> this.tokens.decode("good-1").block()).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining("logged out");
	}

	@Test
	void shouldRefuseARememberedTokenThatExpired() {
		VerifiedTokens tokens = new VerifiedTokens((token) -> Mono.just(jwt(token, Instant.now().minusSeconds(120))),
				this.validator, Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC), 100);
		tokens.decode("good-old").block();

		assertThatThrownBy(() -> tokens.decode("good-old").block()).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining("expired");
	}

	static Jwt jwt(String token, Instant expires) {
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject("u-1")
			.claim(SessionEnded.CLAIM, "s-1")
			.issuedAt(expires.minusSeconds(900))
			.expiresAt(expires)
			.build();
	}

}
