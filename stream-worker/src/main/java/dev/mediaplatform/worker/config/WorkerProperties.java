package dev.mediaplatform.worker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.mediaplatform.addresses.AddressPolicy;
import dev.mediaplatform.topics.PlatformTopics;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The worker's settings.
 *
 * @param storageDir the shared storage folder that HLS and recordings are written to
 * @param id this worker's name in status events; the host name by default (the pod name
 * in Kubernetes)
 * @param kafkaHealthTimeout how long the Kafka health probe may wait for the cluster
 * @param credentialsKeyFile camera-service's key for camera credentials (base64 AES-256),
 * read when a camera with credentials is started
 * @param topics the Kafka contract with camera-service
 * @param media pipeline timing and HLS shape
 * @param recording recording chunks and retention
 * @param backoffInitial the shortest wait before reconnecting a lost camera (the wait is
 * a tenth of the time it has been gone, within these bounds)
 * @param backoffMax the longest wait between reconnect attempts
 * @param stopTimeout how long a pipeline may take to stop
 * @param leaseCheck how long a pipeline writes on the strength of one reading of its
 * camera's lease; a worker taking a camera over from one that did not let go waits twice
 * this before its first write
 * @param cameraAddresses the operator's camera networks, the same variables as
 * camera-service's
 */
@Validated
@ConfigurationProperties("worker")
public record WorkerProperties(@NotNull @DefaultValue("data/storage") Path storageDir, @NotBlank String id,
		@NotNull @DefaultValue("3s") Duration kafkaHealthTimeout,
		@NotNull @DefaultValue("data/camera/credentials.key") Path credentialsKeyFile,
		@Valid @NotNull @DefaultValue Topics topics, @Valid @NotNull @DefaultValue Media media,
		@Valid @NotNull @DefaultValue Recording recording, @NotNull @DefaultValue("500ms") Duration backoffInitial,
		@NotNull @DefaultValue("30s") Duration backoffMax, @NotNull @DefaultValue("10s") Duration stopTimeout,
		@NotNull @DefaultValue("100ms") Duration leaseCheck,
		@Valid @NotNull @DefaultValue CameraAddresses cameraAddresses) {

	/**
	 * @param commands compacted topic of each camera's desired state
	 * @param status topic of the status events
	 * @param recordings topic of the recording chunks' announcements
	 * @param recordingDeletions topic of recordings users deleted, whose files a worker
	 * removes
	 * @param partitions partitions of every topic (the most workers that can share the
	 * load), used when the worker creates them before camera-service does
	 * @param group the consumer group all workers share
	 */
	public record Topics(@NotBlank @DefaultValue(PlatformTopics.COMMANDS) String commands,
			@NotBlank @DefaultValue(PlatformTopics.STATUS) String status,
			@NotBlank @DefaultValue(PlatformTopics.RECORDINGS) String recordings,
			@NotBlank @DefaultValue(PlatformTopics.RECORDING_DELETIONS) String recordingDeletions,
			@Min(1) @DefaultValue(PlatformTopics.PARTITIONS) int partitions,
			@NotBlank @DefaultValue("stream-worker") String group) {

		/** The topics shared with camera-service, as these settings name them. */
		public PlatformTopics platform() {
			return new PlatformTopics(this.commands, this.status, this.recordings, this.recordingDeletions,
					this.partitions);
		}

	}

	/**
	 * @param openTimeout the longest connect, describe and setup of a camera may take
	 * @param ioTimeout the socket timeout inside FFmpeg
	 * @param stallTimeout how long a camera may send nothing before it is reconnected
	 * @param segmentSeconds target HLS segment length, cut at the next keyframe
	 * @param playlistSize segments listed in the live playlist
	 * @param partSeconds the longest a Low-Latency HLS part may be: a part ends before
	 * the frame that would make it longer
	 * @param transcodeBitrate bits per second of the H.264 made from video that cannot be
	 * copied (MJPEG, MPEG-4)
	 */
	public record Media(@NotNull @DefaultValue("10s") Duration openTimeout,
			@NotNull @DefaultValue("5s") Duration ioTimeout, @NotNull @DefaultValue("8s") Duration stallTimeout,
			@DecimalMin("0.5") @DefaultValue("1") double segmentSeconds, @Min(3) @DefaultValue("6") int playlistSize,
			@DecimalMin("0.1") @DecimalMax("1") @DefaultValue("0.2") double partSeconds,
			@Min(100_000) @DefaultValue("2000000") long transcodeBitrate) {
	}

	/**
	 * Networks or addresses (CIDR, or single addresses, each with an optional port)
	 * beside the platform's own refusals of camera addresses (loopback, link-local,
	 * unspecified, multicast, broadcast, and the platform's own ports), checked against
	 * what a camera's host resolves to when it is connected; an entry that cannot be read
	 * stops the worker at start.
	 *
	 * @param allow networks or addresses allowed although refused by default
	 * @param deny networks or addresses refused as well, even when also allowed
	 * @param platformPorts ports refused on every address whatever the lists say; empty
	 * means {@link AddressPolicy#PLATFORM_PORTS}
	 */
	public record CameraAddresses(@NotNull @DefaultValue List<String> allow, @NotNull @DefaultValue List<String> deny,
			@NotNull @DefaultValue(AddressPolicy.PLATFORM_PORTS) List<Integer> platformPorts) {

		/**
		 * The policy these settings make; an entry that cannot be read is refused here.
		 */
		public AddressPolicy policy() {
			return AddressPolicy.of(this.allow, this.deny, this.platformPorts);
		}

	}

	/**
	 * @param chunkSeconds length of a recording chunk, cut at the next keyframe
	 * @param retentionInterval how often each worker enforces retention
	 * @param freeSpaceFloor the free space the storage keeps: below it, the oldest chunks
	 * of the cameras this worker runs go first, whatever their retention says
	 */
	public record Recording(@DecimalMin("2") @DecimalMax("3600") @DefaultValue("60") double chunkSeconds,
			@NotNull @DefaultValue("60s") Duration retentionInterval,
			@NotNull @DefaultValue("1GB") DataSize freeSpaceFloor) {
	}

}
