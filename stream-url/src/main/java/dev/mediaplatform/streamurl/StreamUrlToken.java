package dev.mediaplatform.streamurl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * The token of a signed stream URL, {@code /streams/{cameraId}/{token}/index.m3u8}:
 * {@code v1.<expires>.<signature>}, {@code expires} in epoch seconds, {@code signature} =
 * base64url without padding of
 * {@code HMAC-SHA256(key, "v1:" + cameraId + ":" + expires)}. camera-service signs, the
 * gateway verifies with the key alone, nothing looked up. The token is a path segment so
 * that a playlist's relative segment URIs resolve under it.
 */
public final class StreamUrlToken {

	private static final Pattern TOKEN = Pattern.compile("v1\\.([1-9][0-9]{0,11})\\.([A-Za-z0-9_-]{43})");

	private final SecretKey key;

	public StreamUrlToken(SecretKey key) {
		this.key = key;
	}

	/**
	 * The token for a camera's URL.
	 * @param cameraId the camera
	 * @param expires when it stops working, in epoch seconds
	 * @return the token
	 */
	public String sign(String cameraId, long expires) {
		return "v1." + expires + "." + signature(cameraId, Long.toString(expires));
	}

	/**
	 * Whether the token was signed for this camera and has not expired.
	 * @param cameraId the camera of the URL
	 * @param token the URL's token, as it came
	 * @param now the time in epoch seconds
	 * @return whether the URL may be served
	 */
	public boolean allows(String cameraId, String token, long now) {
		Matcher matcher = TOKEN.matcher(token);
		if (!matcher.matches()) {
			return false;
		}
		String expires = matcher.group(1);
		if (Long.parseLong(expires) <= now) {
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
			throw new IllegalStateException("cannot sign a stream URL", ex);
		}
	}

}
