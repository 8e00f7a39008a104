package dev.mediaplatform.camera.stream;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.mediaplatform.camera.camera.Caller;
import dev.mediaplatform.camera.camera.CameraService;
import dev.mediaplatform.camera.camera.CameraState;
import dev.mediaplatform.camera.camera.CameraView;
import dev.mediaplatform.camera.camera.InvalidCameraInput;

/** The versioned camera API: a camera's live stream and whether it records. */
@RestController
@RequestMapping("/api/v1/cameras")
@Tag(name = "cameras")
class StreamApiController {

	private final CameraService cameras;

	private final StreamService streams;

	private final StreamUrls streamUrls;

	StreamApiController(CameraService cameras, StreamService streams, StreamUrls streamUrls) {
		this.cameras = cameras;
		this.streams = streams;
		this.streamUrls = streamUrls;
	}

	record StreamRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Boolean streaming) {
	}

	record StreamState(String cameraId, boolean streaming, String streamUrl, CameraState status) {

		@Override
		@Schema(description = "a signed URL of the live playlist that needs no header until it expires")
		public String streamUrl() {
			return this.streamUrl;
		}

		@Override
		@Schema(description = "what the camera's worker last reported")
		public CameraState status() {
			return this.status;
		}

	}

	record RecordingRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Boolean enabled) {
	}

	record RecordingState(String cameraId, boolean recording) {
	}

	@Operation(summary = "The live stream's desired state and where to watch it")
	@ApiResponse(responseCode = "200", description = "The stream")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@GetMapping("/{id}/stream")
	StreamState stream(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
		return streamState(this.cameras.get(Caller.of(jwt), id), jwt);
	}

	@Operation(summary = "Start or stop the live stream (operator)")
	@ApiResponse(responseCode = "200", description = "The stream")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@PutMapping(path = "/{id}/stream", consumes = MediaType.APPLICATION_JSON_VALUE)
	StreamState setStream(@AuthenticationPrincipal Jwt jwt, @PathVariable String id, @RequestBody StreamRequest body) {
		if (body.streaming() == null) {
			throw InvalidCameraInput.field("streaming", "is required (true or false)");
		}
		Caller caller = Caller.of(jwt);
		return streamState(
				body.streaming() ? this.streams.startStream(caller, id) : this.streams.stopStream(caller, id), jwt);
	}

	@Operation(summary = "Whether the camera records")
	@ApiResponse(responseCode = "200", description = "Whether recording is wanted")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@GetMapping("/{id}/recording")
	RecordingState recording(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
		CameraView camera = this.cameras.get(Caller.of(jwt), id);
		return new RecordingState(camera.id(), camera.recording());
	}

	@Operation(summary = "Turn recording on or off (operator)")
	@ApiResponse(responseCode = "200", description = "Whether recording is wanted")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@PutMapping(path = "/{id}/recording", consumes = MediaType.APPLICATION_JSON_VALUE)
	RecordingState setRecording(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@RequestBody RecordingRequest body) {
		if (body.enabled() == null) {
			throw InvalidCameraInput.field("enabled", "is required (true or false)");
		}
		CameraView camera = this.streams.record(Caller.of(jwt), id, body.enabled());
		return new RecordingState(camera.id(), camera.recording());
	}

	private StreamState streamState(CameraView camera, Jwt jwt) {
		return new StreamState(camera.id(), camera.streaming(), this.streamUrls.playlist(camera.id(), jwt.getSubject()),
				camera.status());
	}

}
