package dev.mediaplatform.camera.stream;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.crypto.SecretKey;

import dev.mediaplatform.camera.config.CameraProperties;
import dev.mediaplatform.streamurl.StreamUrlKey;
import dev.mediaplatform.streamurl.StreamUrlToken;

import org.springframework.stereotype.Component;

/**
 * Signed URLs that work without any header for {@code ttl}, for players that cannot send
 * a bearer token: a camera's live HLS, {@code /streams/{cameraId}/{token}/index.m3u8},
 * and its recordings, under {@code /recordings/{cameraId}/{token}/} (the token format,
 * with a scope for each, is {@link StreamUrlToken}'s). The gateway checks them with the
 * same key, without asking anyone.
 */
@Component
public class StreamUrls {

	/** Where the gateway serves recordings by signed URL. */
	public static final String RECORDINGS_PREFIX = "/recordings";

	private final String prefix;

	private final StreamUrlToken tokens;

	private final StreamUrlToken recordingTokens;

	private final Duration ttl;

	private final Clock clock;

	StreamUrls(CameraProperties properties, Clock clock) {
		this.prefix = properties.streamUrlPrefix();
		SecretKey key = StreamUrlKey.load(properties.streams().keyFile(), properties.streams().generateKey());
		this.tokens = new StreamUrlToken(key, StreamUrlToken.Scope.LIVE);
		this.recordingTokens = new StreamUrlToken(key, StreamUrlToken.Scope.RECORDINGS);
		this.ttl = properties.streams().urlTtl();
		this.clock = clock;
	}

	/**
	 * A signed playlist URL for a user who was just allowed to see the camera; it works
	 * until the configured TTL ends or the user loses access to the camera, whichever
	 * comes first.
	 */
	public String playlist(String cameraId, String userId) {
		return this.prefix + "/" + cameraId + "/" + this.tokens.sign(cameraId, userId, expires()) + "/index.m3u8";
	}

	/**
	 * The signed folder of a camera's recordings, for whoever was just allowed to see
	 * them: {@code playback.m3u8}, {@code export.mp4} (both with {@code from} and
	 * {@code to}), {@code <recordingId>} and {@code <recordingId>/thumbnail.jpg} below it
	 * work without a header until it expires.
	 */
	public String recordings(String cameraId, String userId) {
		return RECORDINGS_PREFIX + "/" + cameraId + "/" + this.recordingTokens.sign(cameraId, userId, expires());
	}

	/**
	 * The user a token of either kind (live or recordings) of this camera was handed to,
	 * when it is valid and unexpired; whether that user still may watch is for the caller
	 * to check.
	 */
	public Optional<String> grantee(String cameraId, String token) {
		long now = this.clock.instant().getEpochSecond();
		Optional<String> live = this.tokens.grantee(cameraId, token, now);
		return live.isPresent() ? live : this.recordingTokens.grantee(cameraId, token, now);
	}

	/** The user a recordings token of this camera was handed to, when it is valid. */
	public Optional<String> recordingsGrantee(String cameraId, String token) {
		return this.recordingTokens.grantee(cameraId, token, this.clock.instant().getEpochSecond());
	}

	private long expires() {
		return this.clock.instant().plus(this.ttl).getEpochSecond();
	}

}
