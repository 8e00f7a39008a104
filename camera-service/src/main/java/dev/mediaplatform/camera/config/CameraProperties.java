package dev.mediaplatform.camera.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.mediaplatform.addresses.AddressPolicy;
import dev.mediaplatform.topics.PlatformTopics;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * camera-service settings.
 *
 * @param sources which camera URLs are accepted
 * @param credentials where the key that encrypts camera passwords comes from
 * @param topics the Kafka contract with the stream workers
 * @param authServiceUri the token service, found through the registry (JWKS and user
 * lookup)
 * @param issuer the {@code iss} every access token must carry
 * @param streamUrlPrefix the public path under which the gateway serves HLS
 * @param streams how stream URLs are signed for the gateway
 */
@Validated
@ConfigurationProperties("camera")
public record CameraProperties(@Valid @NotNull @DefaultValue Sources sources,
		@Valid @NotNull @DefaultValue Credentials credentials, @Valid @NotNull @DefaultValue Topics topics,
		@NotBlank @DefaultValue("http://auth-service") String authServiceUri,
		@NotBlank @DefaultValue("media-platform") String issuer,
		@NotBlank @DefaultValue("/streams") String streamUrlPrefix, @Valid @NotNull @DefaultValue Streams streams) {

	/**
	 * @param schemes URL schemes a camera may use; only network protocols a camera speaks
	 * @param maxLength the longest accepted URL
	 * @param addresses which camera IP addresses are refused
	 */
	public record Sources(@NotEmpty @DefaultValue( {
			"rtsp", "rtsps" }) Set<String> schemes, @Min(16) @DefaultValue("2048") int maxLength,
			@Valid @NotNull @DefaultValue Addresses addresses){
	}

	/**
	 * The operator's camera networks, beside the platform's own refusals (loopback,
	 * link-local, unspecified, multicast, broadcast, and the platform's own ports); the
	 * stream workers read the same variables and check what a host name resolves to.
	 *
	 * @param allow networks or addresses (CIDR, or single addresses, each with an
	 * optional port) allowed although refused by default, e.g. {@code 127.0.0.1:8554} for
	 * a camera on the same machine
	 * @param deny networks or addresses refused as well, even when also allowed, e.g. the
	 * cluster's own pod and service networks
	 * @param platformPorts ports refused on every address whatever the lists say: those
	 * of the platform's own services and stores; empty means
	 * {@link AddressPolicy#PLATFORM_PORTS}
	 */
	public record Addresses(@NotNull @DefaultValue List<String> allow, @NotNull @DefaultValue List<String> deny,
			@NotNull @DefaultValue(AddressPolicy.PLATFORM_PORTS) List<Integer> platformPorts) {

		@ConstructorBinding
		public Addresses {
			// An entry that cannot be read stops the service at start, not at the first
			// camera.
			AddressPolicy.of(allow, deny, platformPorts);
		}

		/** The lists with the default platform ports. */
		public Addresses(List<String> allow, List<String> deny) {
			this(allow, deny, List.of());
		}

		public AddressPolicy policy() {
			return AddressPolicy.of(this.allow, this.deny, this.platformPorts);
		}

	}

	/**
	 * @param keyFile a file holding the base64 AES-256 key
	 * @param generate create the key file when missing (local use only: every instance
	 * needs the same key)
	 */
	public record Credentials(@NotNull @DefaultValue("data/camera/credentials.key") Path keyFile,
			@DefaultValue("false") boolean generate) {
	}

	/**
	 * @param keyFile a file holding the base64 256-bit HMAC key that signs stream URLs;
	 * the gateway verifies them with the same key
	 * @param generateKey create the key file when missing (local use only: the gateway
	 * and every instance need the same key)
	 * @param urlTtl how long a signed stream URL works
	 */
	public record Streams(@NotNull @DefaultValue("data/keys/stream-url.key") Path keyFile,
			@DefaultValue("false") boolean generateKey,
			@NotNull @DurationMin(seconds = 10) @DurationMax(days = 7) @DefaultValue("1h") Duration urlTtl) {
	}

	/**
	 * @param commands compacted topic of each camera's desired state
	 * @param status topic of the workers' status events
	 * @param recordings topic of the workers' recording chunks (opened, closed, deleted)
	 * @param recordingDeletions topic of the recordings users deleted, for the workers to
	 * remove the files
	 * @param partitions partitions of every topic; the most workers that can share the
	 * load
	 * @param reconcileInterval how often unpublished desired states are published again
	 * @param events topic of camera changes, which every camera-service replica reads to
	 * push them to its own Socket.IO clients
	 */
	public record Topics(@NotBlank @DefaultValue(PlatformTopics.COMMANDS) String commands,
			@NotBlank @DefaultValue(PlatformTopics.STATUS) String status,
			@NotBlank @DefaultValue(PlatformTopics.RECORDINGS) String recordings,
			@NotBlank @DefaultValue(PlatformTopics.RECORDING_DELETIONS) String recordingDeletions,
			@Min(1) @DefaultValue(PlatformTopics.PARTITIONS) int partitions,
			@NotNull @DefaultValue("10s") Duration reconcileInterval,
			@NotBlank @DefaultValue("camera.events") String events) {

		/** The topics shared with the stream workers, as these settings name them. */
		public PlatformTopics platform() {
			return new PlatformTopics(this.commands, this.status, this.recordings, this.recordingDeletions,
					this.partitions);
		}

	}

}
