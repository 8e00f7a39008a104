package dev.mediaplatform.camera.camera;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A camera: who owns it and who it is shared with, its address (credentials encrypted
 * apart), what it should be doing ({@code streaming}, {@code recording}, with a
 * generation that grows at every change) and what the workers last said it is doing.
 */
@Document("cameras")
@CompoundIndex(name = "shares_user", def = "{ 'shares.userId': 1 }")
public class Camera {

	@Id
	private String id;

	@Indexed
	private String ownerId;

	private String ownerName;

	private String name;

	private String sourceUrl;

	private String encryptedCredentials;

	/**
	 * {@code tcp} or {@code udp}; {@code null} in documents written before cameras had
	 * one, which means {@code tcp}.
	 */
	private String transport;

	private List<Share> shares = new ArrayList<>();

	private boolean streaming;

	private boolean recording;

	private long generation;

	/** Days a recording is kept; {@code null}: no limit. */
	private Integer retentionMaxAgeDays;

	/** Bytes of recordings kept, oldest removed first; {@code null}: no limit. */
	private Long retentionMaxBytes;

	/**
	 * True until Kafka acknowledged the current generation; the reconciler publishes such
	 * cameras again.
	 */
	@Indexed
	private boolean pendingPublish = true;

	/**
	 * Set when the owner deleted it: the tombstone is published, then the document
	 * removed.
	 */
	private boolean deleted;

	private Status status = Status.idle(null);

	private Instant createdAt;

	private Instant updatedAt;

	@Version
	private Long version;

	protected Camera() {
	}

	Camera(String ownerId, String ownerName, String name, Transport transport, Instant now) {
		this.id = UUID.randomUUID().toString();
		this.ownerId = ownerId;
		this.ownerName = ownerName;
		this.name = name;
		this.transport = transport.label();
		this.createdAt = now;
		this.updatedAt = now;
		this.generation = 1;
		this.status = Status.idle(now);
	}

	/** A user with access and the role it has. */
	public record Share(String userId, String username, Role role) {
	}

	/**
	 * What the workers last reported. {@code recordingState} is never {@code null}: in
	 * documents and reports from before it existed it is read from {@code recording}.
	 */
	public record Status(CameraState state, String workerId, Instant since, String error, boolean recording,
			long generation, RecordingState recordingState, String recordingError) {

		public Status {
			if (recordingState == null) {
				recordingState = recording ? RecordingState.ON : RecordingState.OFF;
			}
		}

		static Status idle(Instant since) {
			return new Status(CameraState.STOPPED, null, since, null, false, 0, RecordingState.OFF, null);
		}

	}

	/** The caller's role, if it may see this camera at all. */
	public Optional<Role> roleOf(String userId) {
		if (this.ownerId.equals(userId)) {
			return Optional.of(Role.OWNER);
		}
		return this.shares.stream().filter((share) -> share.userId().equals(userId)).map(Share::role).findFirst();
	}

	public void share(String userId, String username, Role role, Instant now) {
		unshare(userId, now);
		this.shares.add(new Share(userId, username, role));
	}

	public boolean unshare(String userId, Instant now) {
		boolean removed = this.shares.removeIf((share) -> share.userId().equals(userId));
		this.updatedAt = now;
		return removed;
	}

	/** Changes the desired state; every change is a new generation to publish. */
	public void desire(boolean streaming, boolean recording, Instant now) {
		this.streaming = streaming;
		this.recording = recording;
		this.generation++;
		this.pendingPublish = true;
		this.updatedAt = now;
	}

	void rename(String name, Instant now) {
		this.name = name;
		this.updatedAt = now;
	}

	void setSource(String sourceUrl, String encryptedCredentials, Instant now) {
		this.sourceUrl = sourceUrl;
		this.encryptedCredentials = encryptedCredentials;
		this.generation++;
		this.pendingPublish = true;
		this.updatedAt = now;
	}

	/**
	 * Changes how RTP travels; a new generation, so that the workers restart the
	 * pipeline, but only when it really changes.
	 */
	void setTransport(Transport transport, Instant now) {
		if (transport.label().equals(getTransport())) {
			return;
		}
		this.transport = transport.label();
		this.generation++;
		this.pendingPublish = true;
		this.updatedAt = now;
	}

	/**
	 * Changes the recordings' retention ({@code null}: no limit); a new generation for
	 * the worker that enforces it, but only when it really changes.
	 */
	public void setRetention(Integer maxAgeDays, Long maxBytes, Instant now) {
		if (Objects.equals(maxAgeDays, this.retentionMaxAgeDays) && Objects.equals(maxBytes, this.retentionMaxBytes)) {
			return;
		}
		this.retentionMaxAgeDays = maxAgeDays;
		this.retentionMaxBytes = maxBytes;
		this.generation++;
		this.pendingPublish = true;
		this.updatedAt = now;
	}

	void markDeleted(Instant now) {
		this.deleted = true;
		this.streaming = false;
		this.recording = false;
		this.generation++;
		this.pendingPublish = true;
		this.updatedAt = now;
	}

	/**
	 * Kafka acknowledged {@code generation}; returns whether that is still the current
	 * one.
	 */
	public boolean published(long generation) {
		if (generation != this.generation) {
			return false;
		}
		this.pendingPublish = false;
		return true;
	}

	/** Keeps a worker's report unless it is older than the one already stored. */
	public boolean observe(Status reported) {
		if (this.status != null && reported.generation() < this.status.generation()) {
			return false;
		}
		this.status = reported;
		return true;
	}

	public String getId() {
		return this.id;
	}

	public String getOwnerId() {
		return this.ownerId;
	}

	public String getOwnerName() {
		return this.ownerName;
	}

	public String getName() {
		return this.name;
	}

	public String getSourceUrl() {
		return this.sourceUrl;
	}

	public String getEncryptedCredentials() {
		return this.encryptedCredentials;
	}

	/** {@code tcp} or {@code udp}. */
	public String getTransport() {
		return (this.transport != null) ? this.transport : Transport.TCP.label();
	}

	public List<Share> getShares() {
		return List.copyOf(this.shares);
	}

	public boolean isStreaming() {
		return this.streaming;
	}

	public boolean isRecording() {
		return this.recording;
	}

	public long getGeneration() {
		return this.generation;
	}

	public Integer getRetentionMaxAgeDays() {
		return this.retentionMaxAgeDays;
	}

	public Long getRetentionMaxBytes() {
		return this.retentionMaxBytes;
	}

	public boolean isPendingPublish() {
		return this.pendingPublish;
	}

	public boolean isDeleted() {
		return this.deleted;
	}

	public Status getStatus() {
		return this.status;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

}
