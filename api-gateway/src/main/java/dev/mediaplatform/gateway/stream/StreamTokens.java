package dev.mediaplatform.gateway.stream;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Checks the token of a signed stream URL, {@code /streams/{cameraId}/{token}/...}, as
 * camera-service makes them: {@code v1.<expires>.<signature>}, {@code expires} in epoch
 * seconds, {@code signature} = base64url without padding of
 * {@code HMAC-SHA256(key, "v1:" + cameraId + ":" + expires)}. Nothing is looked up: the
 * key alone says whether camera-service handed this URL to someone allowed to watch.
 */
final class StreamTokens {

	private static final Pattern TOKEN = Pattern.compile("v1\\.([1-9][0-9]{0,11})\\.([A-Za-z0-9_-]{43})");

	private final SecretKey key;

	private final Clock clock;

	StreamTokens(SecretKey key, Clock clock) {
		this.key = key;
		this.clock = clock;
	}

	/** Whether the token was signed for this camera and has not expired. */
	boolean allows(String cameraId, String token) {
		Matcher matcher = TOKEN.matcher(token);
		if (!matcher.matches()) {
			return false;
		}
		String expires = matcher.group(1);
		if (Long.parseLong(expires) <= this.clock.instant().getEpochSecond()) {
			return false;
		}
		// Compared as text: the last base64 character has bits a decoder ignores, so only
		// the canonical encoding is accepted.
		byte[] expected = signature(cameraId, expires).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, matcher.group(2).getBytes(StandardCharsets.US_ASCII));
	}

	private String signature(String cameraId, String expires) {
		try {
			Mac mac = Mac.getInstance(StreamUrlKey.ALGORITHM);
			mac.init(this.key);
			byte[] signature = mac.doFinal(("v1:" + cameraId + ":" + expires).getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot check a stream URL", ex);
		}
	}

}
