package dev.mediaplatform.streamurl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * The token of a signed URL: {@code <scope>.<expires>.<grantee>.<signature>},
 * {@code expires} in epoch seconds, {@code grantee} the id of the user it was handed to,
 * {@code signature} = base64url without padding of
 * {@code HMAC-SHA256(key, <scope> + ":" + cameraId + ":" + expires + ":" + grantee)}. The
 * scope says what the URL opens ({@link Scope}), so a live URL never opens recordings.
 * camera-service signs; the gateway verifies the signature with the key alone, and asks
 * (cached) whether the grantee still may watch the camera, so that a URL stops working
 * when its user loses access, not only when it expires. The token is a path segment so
 * that a playlist's relative URIs resolve under it.
 */
public final class StreamUrlToken {

	/** What a signed URL opens, and the version of its format. */
	public enum Scope {

		/** Live HLS: {@code /streams/{cameraId}/{token}/index.m3u8} and its segments. */
		LIVE("v2"),

		/**
		 * A camera's recordings: {@code /recordings/{cameraId}/{token}/} followed by
		 * {@code playback.m3u8}, {@code export.mp4}, a chunk or its thumbnail.
		 */
		RECORDINGS("r2");

		private final String prefix;

		Scope(String prefix) {
			this.prefix = prefix;
		}

	}

	/** User ids as auth-service makes them (UUIDs), or anything as plain. */
	private static final Pattern GRANTEE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

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
		this.token = Pattern
			.compile(scope.prefix + "\\.([1-9][0-9]{0,11})\\.(" + GRANTEE.pattern() + ")\\.([A-Za-z0-9_-]{43})");
	}

	/**
	 * The token for a camera's URL.
	 * @param cameraId the camera
	 * @param grantee the user it is handed to, who must keep access for it to work
	 * @param expires when it stops working, in epoch seconds
	 * @return the token
	 */
	public String sign(String cameraId, String grantee, long expires) {
		if (!GRANTEE.matcher(grantee).matches()) {
			throw new IllegalArgumentException("a user id of letters, digits, '-' and '_' is needed to sign a URL");
		}
		String text = Long.toString(expires);
		return this.scope.prefix + "." + text + "." + grantee + "." + signature(cameraId, text, grantee);
	}

	/**
	 * Whether the token was signed for this camera and has not expired.
	 * @param cameraId the camera of the URL
	 * @param token the URL's token, as it came
	 * @param now the time in epoch seconds
	 * @return whether the URL may be served, as far as the token alone says
	 */
	public boolean allows(String cameraId, String token, long now) {
		return grantee(cameraId, token, now).isPresent();
	}

	/**
	 * The user a valid, unexpired token of this camera was handed to.
	 * @param cameraId the camera of the URL
	 * @param token the URL's token, as it came
	 * @param now the time in epoch seconds
	 * @return the grantee, or nothing when the token is not valid for this camera now
	 */
	public Optional<String> grantee(String cameraId, String token, long now) {
		Matcher matcher = this.token.matcher(token);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		String expires = matcher.group(1);
		if (Long.parseLong(expires) <= now) {
			return Optional.empty();
		}
		// Compared as text: the last base64 character has bits a decoder ignores, so only
		// the canonical encoding is accepted.
		byte[] expected = signature(cameraId, expires, matcher.group(2)).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, matcher.group(3).getBytes(StandardCharsets.US_ASCII))
				? Optional.of(matcher.group(2)) : Optional.empty();
	}

	private String signature(String cameraId, String expires, String grantee) {
		try {
			Mac mac = Mac.getInstance(StreamUrlKey.ALGORITHM);
			mac.init(this.key);
			byte[] signature = mac.doFinal((this.scope.prefix + ":" + cameraId + ":" + expires + ":" + grantee)
				.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot sign a stream URL", ex);
		}
	}

}
