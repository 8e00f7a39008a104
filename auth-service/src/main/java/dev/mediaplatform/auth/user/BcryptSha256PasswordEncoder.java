package dev.mediaplatform.auth.user;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.AbstractValidatingPasswordEncoder;

/**
 * BCrypt of an HMAC-SHA256 of the password, so that a password of any length hashes and
 * every one of its bytes counts. BCrypt alone reads at most 72 bytes, and Spring Security
 * refuses to hash more (40 × "€" is 120), while passwords may be 128 characters.
 * <p>
 * The digest goes into BCrypt Base64-encoded (44 ASCII bytes): raw digest bytes could
 * hold a NUL, where some BCrypt implementations stop reading. The HMAC key is a fixed
 * label, not a secret: it only makes these hashes unlike a plain SHA-256, so that SHA-256
 * password hashes leaked elsewhere cannot be tried against them without the passwords.
 */
final class BcryptSha256PasswordEncoder extends AbstractValidatingPasswordEncoder {

	/** The id in front of each hash, as {@code DelegatingPasswordEncoder} reads it. */
	static final String ID = "bcrypt-sha256";

	private static final byte[] KEY = "media-platform/bcrypt-sha256/v1".getBytes(StandardCharsets.US_ASCII);

	private final BCryptPasswordEncoder bcrypt;

	BcryptSha256PasswordEncoder(BCryptPasswordEncoder bcrypt) {
		this.bcrypt = bcrypt;
	}

	@Override
	protected String encodeNonNullPassword(String rawPassword) {
		return this.bcrypt.encode(prehash(rawPassword));
	}

	@Override
	protected boolean matchesNonNull(String rawPassword, String encodedPassword) {
		return this.bcrypt.matches(prehash(rawPassword), encodedPassword);
	}

	@Override
	protected boolean upgradeEncodingNonNull(String encodedPassword) {
		return this.bcrypt.upgradeEncoding(encodedPassword);
	}

	private static String prehash(String rawPassword) {
		try {
			Mac hmac = Mac.getInstance("HmacSHA256");
			hmac.init(new SecretKeySpec(KEY, "HmacSHA256"));
			return Base64.getEncoder().encodeToString(hmac.doFinal(rawPassword.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

}
