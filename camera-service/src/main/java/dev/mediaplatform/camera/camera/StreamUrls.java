package dev.mediaplatform.camera.camera;

import java.time.Clock;
import java.time.Duration;

import dev.mediaplatform.camera.config.CameraProperties;
import dev.mediaplatform.streamurl.StreamUrlKey;
import dev.mediaplatform.streamurl.StreamUrlToken;

import org.springframework.stereotype.Component;

/**
 * Where the gateway serves a camera's live HLS, as a signed URL that works without any
 * header for {@code ttl}: {@code /streams/{cameraId}/{token}/index.m3u8} (the token
 * format is {@link StreamUrlToken}'s). The gateway checks it with the same key, without
 * asking anyone.
 */
@Component
public class StreamUrls {

	private final String prefix;

	private final StreamUrlToken tokens;

	private final Duration ttl;

	private final Clock clock;

	StreamUrls(CameraProperties properties, Clock clock) {
		this.prefix = properties.streamUrlPrefix();
		this.tokens = new StreamUrlToken(
				StreamUrlKey.load(properties.streams().keyFile(), properties.streams().generateKey()));
		this.ttl = properties.streams().urlTtl();
		this.clock = clock;
	}

	/**
	 * A signed playlist URL for whoever was just allowed to see the camera; it expires
	 * after the configured TTL.
	 */
	public String playlist(String cameraId) {
		long expires = this.clock.instant().plus(this.ttl).getEpochSecond();
		return this.prefix + "/" + cameraId + "/" + this.tokens.sign(cameraId, expires) + "/index.m3u8";
	}

}
