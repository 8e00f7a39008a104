package dev.mediaplatform.gateway.stream;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway delivers live HLS and recording chunks.
 *
 * @param storageDir the shared storage the stream workers write to (mounted read-only
 * here); playlists and segments are under {@code live/{cameraId}/}
 * @param keyFile a file holding the base64 256-bit HMAC key that camera-service signs
 * stream URLs with
 * @param generateKey create the key file when missing (local use only)
 * @param camerasUri where the gateway asks, with the caller's token, whether the caller
 * may see a camera (a load-balanced service name)
 * @param signedUrlsUri where the gateway asks whether the user a signed URL was handed to
 * still may see its camera
 * @param accessCacheTtl how long a yes or no of camera-service is reused for one user and
 * camera
 * @param accessCacheSize the most such answers kept
 * @param accessTimeout how long camera-service may take to answer
 * @param segmentMaxAge how long clients may keep a segment
 * @param recordingMaxAge how long clients may keep a complete recording chunk (under
 * {@code recordings/{cameraId}/} of the same storage; it never changes, but may be
 * deleted)
 * @param blockingLimit the longest a blocking playlist reload or a request for a
 * preload-hinted part is held (otherwise three target durations of the playlist)
 * @param blockingMaxWaiting the most such requests held at once by one gateway; more are
 * answered 503 at once
 * @param blockingPollInterval how often the playlists that requests wait for are looked
 * at: what a part's delivery may be late by, against one {@code stat} per such playlist
 * and interval
 */
@Validated
@ConfigurationProperties("gateway.streams")
public record StreamProperties(@NotNull @DefaultValue("data/storage") Path storageDir,
		@NotNull @DefaultValue("data/keys/stream-url.key") Path keyFile, @DefaultValue("false") boolean generateKey,
		@NotBlank @DefaultValue("http://camera-service/api/v1/cameras") String camerasUri,
		@NotBlank @DefaultValue("http://camera-service/internal/v1/signed-urls") String signedUrlsUri,
		@NotNull @DefaultValue("5s") Duration accessCacheTtl, @Min(1) @DefaultValue("100000") long accessCacheSize,
		@NotNull @DefaultValue("5s") Duration accessTimeout, @NotNull @DefaultValue("10m") Duration segmentMaxAge,
		@NotNull @DefaultValue("1d") Duration recordingMaxAge,
		@NotNull @DurationMin(millis = 1) @DefaultValue("10s") Duration blockingLimit,
		@Min(1) @DefaultValue("10000") int blockingMaxWaiting,
		@NotNull @DurationMin(millis = 1) @DefaultValue("20ms") Duration blockingPollInterval) {

}
