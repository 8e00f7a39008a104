package dev.mediaplatform.camera.camera;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import dev.mediaplatform.camera.config.CameraProperties;

import org.springframework.stereotype.Component;

/**
 * Where the gateway serves a camera's live HLS, as a signed URL that works without any
 * header for {@code ttl}: {@code /streams/{cameraId}/{token}/index.m3u8} with token
 * {@code v1.<expires>.<base64url(HMAC-SHA256(key, "v1:" + cameraId + ":" + expires))>},
 * {@code expires} in epoch seconds. The token is a path segment so that the playlist's
 * relative segment URIs resolve under it. The gateway checks it with the same key,
 * without asking anyone.
 */
@Component
public class StreamUrls {

	private final String prefix;

	private final SecretKey key;

	private final Duration ttl;

	private final Clock clock;

	StreamUrls(CameraProperties properties, Clock clock) {
		this.prefix = properties.streamUrlPrefix();
		this.key = StreamUrlKey.load(properties.streams().keyFile(), properties.streams().generateKey());
		this.ttl = properties.streams().urlTtl();
		this.clock = clock;
	}

	/**
	 * A signed playlist URL for whoever was just allowed to see the camera; it expires
	 * after the configured TTL.
	 */
	public String playlist(String cameraId) {
		long expires = this.clock.instant().plus(this.ttl).getEpochSecond();
		return this.prefix + "/" + cameraId + "/" + token(this.key, cameraId, expires) + "/index.m3u8";
	}

	static String token(SecretKey key, String cameraId, long expires) {
		try {
			Mac mac = Mac.getInstance(StreamUrlKey.ALGORITHM);
			mac.init(key);
			byte[] signature = mac.doFinal(("v1:" + cameraId + ":" + expires).getBytes(StandardCharsets.US_ASCII));
			return "v1." + expires + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot sign a stream URL", ex);
		}
	}

}
