package dev.mediaplatform.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import dev.mediaplatform.auth.config.AuthProperties;
import dev.mediaplatform.auth.user.User;
import dev.mediaplatform.sessions.SessionEnded;
import io.jsonwebtoken.Jwts;

import org.springframework.stereotype.Component;

/**
 * Signs access tokens: RS256, {@code kid} in the header, the user's id as subject,
 * username and roles as claims, and the session they were issued in as {@code sid} (the
 * refresh-token family), by which a gateway refuses them once the session ended.
 */
@Component
public class AccessTokens {

	private final SigningKeys keys;

	private final Clock clock;

	private final String issuer;

	private final Duration ttl;

	AccessTokens(SigningKeys keys, Clock clock, AuthProperties properties) {
		this.keys = keys;
		this.clock = clock;
		this.issuer = properties.tokens().issuer();
		this.ttl = properties.tokens().accessTokenTtl();
	}

	public String issue(User user, String sessionId) {
		Instant now = this.clock.instant();
		return Jwts.builder()
			.header()
			.keyId(this.keys.keyId())
			.and()
			.issuer(this.issuer)
			.subject(user.getId())
			.claim("username", user.getUsername())
			.claim("roles", user.getRoles())
			.claim(SessionEnded.CLAIM, sessionId)
			.id(UUID.randomUUID().toString())
			.issuedAt(Date.from(now))
			.notBefore(Date.from(now))
			.expiration(Date.from(now.plus(this.ttl)))
			.signWith(this.keys.privateKey(), Jwts.SIG.RS256)
			.compact();
	}

	public Duration ttl() {
		return this.ttl;
	}

}
