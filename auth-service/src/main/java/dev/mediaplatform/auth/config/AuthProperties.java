package dev.mediaplatform.auth.config;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * auth-service settings.
 *
 * @param adminUsername the user that is made an administrator (at start if it exists,
 * else when it registers); there is no built-in administrator and no default password
 * @param tokens access and refresh token settings
 * @param keys where the signing keys come from
 * @param rateLimit brute-force limits on login and registration
 * @param accountDeletions how deleted accounts are announced to other services
 */
@Validated
@ConfigurationProperties("auth")
public record AuthProperties(String adminUsername, @Valid @NotNull @DefaultValue Tokens tokens,
		@Valid @NotNull @DefaultValue Keys keys, @Valid @NotNull @DefaultValue RateLimit rateLimit,
		@Valid @NotNull @DefaultValue AccountDeletions accountDeletions) {

	/**
	 * @param issuer the {@code iss} claim of every access token
	 * @param accessTokenTtl lifetime of an access token
	 * @param refreshTokenTtl lifetime of a refresh token (each use replaces it with a new
	 * one)
	 */
	public record Tokens(@NotBlank @DefaultValue("media-platform") String issuer,
			@NotNull @DefaultValue("15m") Duration accessTokenTtl,
			@NotNull @DefaultValue("30d") Duration refreshTokenTtl) {
	}

	/**
	 * @param dir folder with {@code signing-key.pem} (PKCS#8 RSA private key, the active
	 * key) and any number of {@code *.pub.pem} public keys of retired keys, which keep
	 * verifying until they are removed
	 * @param generate create a signing key in {@code dir} when there is none (local use
	 * only: replicas must share one key)
	 */
	public record Keys(@NotNull @DefaultValue("data/auth/keys") Path dir, @DefaultValue("false") boolean generate) {
	}

	/**
	 * @param loginPerUsername login attempts per username per minute
	 * @param loginPerAddress login attempts per client address per minute
	 * @param registerPerAddress registrations per client address per minute
	 */
	public record RateLimit(@Min(1) @DefaultValue("10") int loginPerUsername,
			@Min(1) @DefaultValue("30") int loginPerAddress, @Min(1) @DefaultValue("10") int registerPerAddress) {
	}

	/**
	 * @param relayInterval how often deletions that Kafka has not acknowledged yet are
	 * published again (each is first tried right after the deleting transaction commits)
	 * @param relayMaxInterval the longest wait between two passes while Kafka does not
	 * answer: the wait doubles from {@code relayInterval} up to this, and is back to
	 * {@code relayInterval} once Kafka answers
	 */
	public record AccountDeletions(@NotNull @DefaultValue("5s") Duration relayInterval,
			@NotNull @DefaultValue("1m") Duration relayMaxInterval) {
	}

}
