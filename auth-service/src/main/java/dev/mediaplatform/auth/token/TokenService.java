package dev.mediaplatform.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import dev.mediaplatform.auth.config.AuthProperties;
import dev.mediaplatform.auth.user.User;
import dev.mediaplatform.auth.user.UserService;
import dev.mediaplatform.sessions.SessionEnded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues token pairs and rotates and revokes refresh tokens. */
@Service
public class TokenService {

	private static final Logger log = LoggerFactory.getLogger(TokenService.class);

	private final SecureRandom random = new SecureRandom();

	private final AccessTokens accessTokens;

	private final RefreshTokenRepository refreshTokens;

	private final UserService users;

	private final Clock clock;

	private final Duration refreshTtl;

	private final ApplicationEventPublisher events;

	TokenService(AccessTokens accessTokens, RefreshTokenRepository refreshTokens, UserService users, Clock clock,
			AuthProperties properties, ApplicationEventPublisher events) {
		this.events = events;
		this.accessTokens = accessTokens;
		this.refreshTokens = refreshTokens;
		this.users = users;
		this.clock = clock;
		this.refreshTtl = properties.tokens().refreshTokenTtl();
	}

	/** A new pair, starting a new refresh-token family (a login or a registration). */
	@Transactional
	public TokenPair issue(User user) {
		return pair(user, UUID.randomUUID().toString());
	}

	/**
	 * Replaces a refresh token by a new pair; a token presented twice revokes its whole
	 * family.
	 */
	@Transactional(noRollbackFor = InvalidRefreshToken.class)
	public TokenPair refresh(String refreshToken) {
		Instant now = this.clock.instant();
		RefreshToken stored = this.refreshTokens.findByTokenHash(hash(refreshToken))
			.orElseThrow(() -> InvalidRefreshToken.because("unknown refresh token"));
		if (stored.isRevoked()) {
			throw InvalidRefreshToken.because("the refresh token was revoked");
		}
		if (stored.isUsed()) {
			int revoked = this.refreshTokens.revokeFamily(stored.getFamilyId(), now);
			ended(stored, now);
			log.warn("A used refresh token of user {} was presented again: revoked its family ({} token(s))",
					stored.getUserId(), revoked);
			throw InvalidRefreshToken.because("the refresh token was already used; sign in again");
		}
		if (stored.isExpired(now)) {
			throw InvalidRefreshToken.because("the refresh token expired; sign in again");
		}
		stored.markUsed(now);
		return pair(this.users.get(stored.getUserId()), stored.getFamilyId());
	}

	/**
	 * Ends the session the refresh token belongs to: its refresh tokens are revoked, and
	 * once that commits every gateway hears that the session's access tokens are void.
	 * Unknown tokens are ignored (logging out is idempotent).
	 */
	@Transactional
	public void logout(String refreshToken) {
		Instant now = this.clock.instant();
		this.refreshTokens.findByTokenHash(hash(refreshToken)).ifPresent((stored) -> {
			this.refreshTokens.revokeFamily(stored.getFamilyId(), now);
			ended(stored, now);
		});
	}

	/**
	 * The session's access tokens are void too: the last of them was issued at most now,
	 * so it expires at most an access-token lifetime from now.
	 */
	private void ended(RefreshToken stored, Instant now) {
		this.events.publishEvent(
				new SessionEnded(stored.getFamilyId(), stored.getUserId(), now.plus(this.accessTokens.ttl())));
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
	@Transactional
	public void deleteExpired() {
		this.refreshTokens.deleteExpired(this.clock.instant());
	}

	private TokenPair pair(User user, String familyId) {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Instant now = this.clock.instant();
		this.refreshTokens
			.save(new RefreshToken(user.getId(), familyId, hash(refresh), now, now.plus(this.refreshTtl)));
		return new TokenPair(this.accessTokens.issue(user, familyId), "Bearer", this.accessTokens.ttl().toSeconds(),
				refresh, this.refreshTtl.toSeconds());
	}

	static String hash(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
