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
 * The token of a signed URL: {@code <scope>.<expires>.<signature>}, {@code expires} in
 * epoch seconds, {@code signature} = base64url without padding of
 * {@code HMAC-SHA256(key, <scope> + ":" + cameraId + ":" + expires)}. The scope says what
 * the URL opens ({@link Scope}), so a live URL never opens recordings. camera-service
 * signs, the gateway verifies with the key alone, nothing looked up. The token is a path
 * segment so that a playlist's relative URIs resolve under it.
 */
public final class StreamUrlToken {

	/** What a signed URL opens, and the version of its format. */
	public enum Scope {

		/** Live HLS: {@code /streams/{cameraId}/{token}/index.m3u8} and its segments. */
		LIVE("v1"),

		/**
		 * A camera's recordings: {@code /recordings/{cameraId}/{token}/} followed by
		 * {@code playback.m3u8}, {@code export.mp4}, a chunk or its thumbnail.
		 */
		RECORDINGS("r1");

		private final String prefix;

		Scope(String prefix) {
			this.prefix = prefix;
		}

	}

	private final SecretKey key;

	private final Scope scope;

	private final Pattern token;

	/** Tokens of live stream URLs. */
	public StreamUrlToken(SecretKey key) {
		this(key, Scope.LIVE);
	}

	public StreamUrlToken(SecretKey key, Scope scope) {
		this.key = key;
		this.scope = scope;
		this.token = Pattern.compile(scope.prefix + "\\.([1-9][0-9]{0,11})\\.([A-Za-z0-9_-]{43})");
	}

	/**
	 * The token for a camera's URL.
	 * @param cameraId the camera
	 * @param expires when it stops working, in epoch seconds
	 * @return the token
	 */
	public String sign(String cameraId, long expires) {
		return this.scope.prefix + "." + expires + "." + signature(cameraId, Long.toString(expires));
	}

	/**
	 * Whether the token was signed for this camera and has not expired.
	 * @param cameraId the camera of the URL
	 * @param token the URL's token, as it came
	 * @param now the time in epoch seconds
	 * @return whether the URL may be served
	 */
	public boolean allows(String cameraId, String token, long now) {
		Matcher matcher = this.token.matcher(token);
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
			byte[] signature = mac
				.doFinal((this.scope.prefix + ":" + cameraId + ":" + expires).getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot sign a stream URL", ex);
		}
	}

}
