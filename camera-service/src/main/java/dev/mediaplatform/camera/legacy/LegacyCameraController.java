package dev.mediaplatform.camera.legacy;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.mediaplatform.camera.camera.Caller;
import dev.mediaplatform.camera.camera.CameraService;
import dev.mediaplatform.camera.camera.CameraView;
import dev.mediaplatform.camera.sharing.SharingService;
import dev.mediaplatform.camera.stream.StreamService;
import dev.mediaplatform.camera.stream.StreamUrls;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The original camera API: the same paths and bodies as before, served by the same code
 * as the versioned one.
 */
@RestController
@Tag(name = "cameras (original API)")
class LegacyCameraController {

	private final CameraService cameras;

	private final SharingService sharing;

	private final StreamService streams;

	private final StreamUrls streamUrls;

	LegacyCameraController(CameraService cameras, SharingService sharing, StreamService streams,
			StreamUrls streamUrls) {
		this.cameras = cameras;
		this.sharing = sharing;
		this.streams = streams;
		this.streamUrls = streamUrls;
	}

	/** {@code transport} was added later and is optional: tcp unless it says udp. */
	record AddCamera(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String rtspUrl, String transport) {

		// On the accessor: the formatter mangles annotated record components.
		@Override
		@Schema(allowableValues = { "tcp", "udp" }, defaultValue = "tcp", description = "RTSP transport, in any case")
		public String transport() {
			return this.transport;
		}

		@Override
		public String toString() {
			return "AddCamera[name=" + this.name + "]";
		}

	}

	record CameraRef(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String cameraId) {
	}

	record ShareCamera(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String cameraId,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String username, String role) {

		@Override
		@Schema(allowableValues = { "viewer", "operator" }, defaultValue = "viewer",
				description = "the role to give, in any case")
		public String role() {
			return this.role;
		}

	}

	record RecordStream(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String cameraId, Boolean enabled) {

		@Override
		@Schema(description = "true or false; without it, recording is toggled")
		public Boolean enabled() {
			return this.enabled;
		}

	}

	record Success(boolean success) {
	}

	record Shared(boolean success, CameraView camera) {
	}

	record Started(boolean success, String streamUrl) {
	}

	record Recording(boolean success, boolean recording) {
	}

	@Operation(summary = "The cameras I own and those shared with me")
	@ApiResponse(responseCode = "200", description = "Every camera the caller may see")
	@GetMapping("/cameras")
	List<CameraView> cameras(@AuthenticationPrincipal Jwt jwt) {
		return this.cameras.list(Caller.of(jwt));
	}

	@Operation(summary = "Add a camera; answers the created camera")
	@ApiResponse(responseCode = "200", description = "Added")
	@PostMapping(path = "/addCamera", consumes = MediaType.APPLICATION_JSON_VALUE)
	CameraView addCamera(@AuthenticationPrincipal Jwt jwt, @RequestBody AddCamera body) {
		return this.cameras.add(Caller.of(jwt), body.name(), body.rtspUrl(), body.transport());
	}

	@Operation(summary = "Delete a camera (owner)")
	@ApiResponse(responseCode = "200", description = "Deleted")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@PostMapping(path = "/deleteCamera", consumes = MediaType.APPLICATION_JSON_VALUE)
	Success deleteCamera(@AuthenticationPrincipal Jwt jwt, @RequestBody CameraRef body) {
		this.cameras.delete(Caller.of(jwt), body.cameraId());
		return new Success(true);
	}

	@Operation(summary = "Share a camera with a user as viewer (default) or operator (owner)")
	@ApiResponse(responseCode = "200", description = "Shared")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@ApiResponse(responseCode = "503", ref = "ServiceUnavailable")
	@PostMapping(path = "/shareCamera", consumes = MediaType.APPLICATION_JSON_VALUE)
	Shared shareCamera(@AuthenticationPrincipal Jwt jwt, @RequestBody ShareCamera body) {
		return new Shared(true, this.sharing.share(Caller.of(jwt), body.cameraId(), body.username(), body.role()));
	}

	@Operation(summary = "Start the live stream; answers where to watch it")
	@ApiResponse(responseCode = "200", description = "Started")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@PostMapping(path = "/startStream", consumes = MediaType.APPLICATION_JSON_VALUE)
	Started startStream(@AuthenticationPrincipal Jwt jwt, @RequestBody CameraRef body) {
		CameraView camera = this.streams.startStream(Caller.of(jwt), body.cameraId());
		return new Started(true, this.streamUrls.playlist(camera.id(), jwt.getSubject()));
	}

	@Operation(summary = "Stop the live stream")
	@ApiResponse(responseCode = "200", description = "Stopped")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@PostMapping(path = "/stopStream", consumes = MediaType.APPLICATION_JSON_VALUE)
	Success stopStream(@AuthenticationPrincipal Jwt jwt, @RequestBody CameraRef body) {
		this.streams.stopStream(Caller.of(jwt), body.cameraId());
		return new Success(true);
	}

	@Operation(summary = "Toggle recording, or set it with enabled")
	@ApiResponse(responseCode = "200", description = "Whether recording is now wanted")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@PostMapping(path = "/recordStream", consumes = MediaType.APPLICATION_JSON_VALUE)
	Recording recordStream(@AuthenticationPrincipal Jwt jwt, @RequestBody RecordStream body) {
		CameraView camera = this.streams.record(Caller.of(jwt), body.cameraId(), body.enabled());
		return new Recording(true, camera.recording());
	}

}
