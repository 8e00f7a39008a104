package dev.mediaplatform.camera.camera;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;

/**
 * A camera as one user sees it. Only the owner sees the address with the user name
 * (password masked) and the shares; others see the address without credentials. Every
 * role sees the RTSP {@code transport} ({@code tcp} or {@code udp}). {@code recording} is
 * what the users asked for, {@code recordingStatus} what the worker reports
 * ({@code recordingError} says why it failed).
 */
public record CameraView(String id, String name, String rtspUrl, String transport, String owner, String role,
		boolean streaming, boolean recording, CameraState status, @Nullable String statusError, Instant statusSince,
		List<ShareView> shares, Instant createdAt, Instant updatedAt, RecordingState recordingStatus,
		@Nullable String recordingError) {

	// Enumerations on the accessors: the formatter mangles annotated record components.

	@Override
	@Schema(allowableValues = { "tcp", "udp" })
	public String transport() {
		return this.transport;
	}

	@Override
	@Schema(allowableValues = { "owner", "operator", "viewer" }, description = "the caller's role on this camera")
	public String role() {
		return this.role;
	}

	@Override
	@Schema(description = "what the camera's worker last reported")
	public CameraState status() {
		return this.status;
	}

	public record ShareView(String userId, String username, String role) {

		@Override
		@Schema(allowableValues = { "operator", "viewer" })
		public String role() {
			return this.role;
		}

	}

	static CameraView of(Camera camera, Role role, SourceUrl source) {
		List<ShareView> shares = role.isOwner() ? camera.getShares()
			.stream()
			.map((share) -> new ShareView(share.userId(), share.username(), share.role().label()))
			.toList() : List.of();
		Camera.Status status = camera.getStatus();
		return new CameraView(camera.getId(), camera.getName(), role.isOwner() ? source.masked() : source.url(),
				camera.getTransport(), camera.getOwnerName(), role.label(), camera.isStreaming(), camera.isRecording(),
				status.state(), status.error(), status.since(), shares, camera.getCreatedAt(), camera.getUpdatedAt(),
				status.recordingState(), status.recordingError());
	}

}
