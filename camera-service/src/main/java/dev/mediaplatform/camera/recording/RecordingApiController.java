package dev.mediaplatform.camera.recording;

import dev.mediaplatform.camera.camera.Caller;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.data.web.PagedModel;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A camera's recordings. The files themselves ({@code GET .../recordings/<id>}, which the
 * playlist's URIs name) are served by the gateway from the storage, not here; this
 * service's OpenAPI document describes them too ({@code config/GatewayServedRoutes}).
 */
@RestController
@Tag(name = "recordings")
class RecordingApiController {

	static final String MPEGURL = "application/vnd.apple.mpegurl";

	private final RecordingService recordings;

	RecordingApiController(RecordingService recordings) {
		this.recordings = recordings;
	}

	@Operation(summary = "The recordings that overlap a range, oldest first",
			description = "from and to are ISO-8601 instants at most 31 days apart; "
					+ "to defaults to now, from to 24 hours before to; sort is ignored")
	@ApiResponse(responseCode = "200", description = "A page of recordings")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@GetMapping("/api/v1/cameras/{id}/recordings")
	PagedModel<RecordingView> list(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@Parameter(schema = @Schema(format = "date-time")) @RequestParam(required = false) String from,
			@Parameter(schema = @Schema(format = "date-time")) @RequestParam(required = false) String to,
			@ParameterObject @PageableDefault(size = 50) Pageable pageable) {
		return new PagedModel<>(this.recordings.list(Caller.of(jwt), id, from, to, pageable));
	}

	@Operation(summary = "What was recorded in a range, as contiguous spans",
			description = "from and to are ISO-8601 instants at most 31 days apart; "
					+ "to defaults to now, from to 24 hours before to")
	@ApiResponse(responseCode = "200", description = "The recorded spans")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@GetMapping("/api/v1/cameras/{id}/recordings/timeline")
	TimelineView timeline(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@Parameter(schema = @Schema(format = "date-time")) @RequestParam(required = false) String from,
			@Parameter(schema = @Schema(format = "date-time")) @RequestParam(required = false) String to) {
		return this.recordings.timeline(Caller.of(jwt), id, from, to);
	}

	@Operation(summary = "An HLS playlist that plays the recordings of a range",
			description = "from (required) and to are ISO-8601 instants at most 24 hours apart. Closed "
					+ "recordings, and the one being written as far as it is settled (a few seconds behind); "
					+ "without to, the playlist is an EVENT up to now that grows as the recording does",
			responses = @ApiResponse(responseCode = "200", description = "The playlist",
					content = @Content(mediaType = MPEGURL, schema = @Schema(type = "string"))))
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@GetMapping("/api/v1/cameras/{id}/recordings/playback.m3u8")
	ResponseEntity<String> playback(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@Parameter(required = true,
					schema = @Schema(format = "date-time")) @RequestParam(required = false) String from,
			@Parameter(schema = @Schema(format = "date-time")) @RequestParam(required = false) String to) {
		return playlist(this.recordings.playlist(Caller.of(jwt), id, from, to));
	}

	@Operation(summary = "The playback playlist by signed URL, for players that cannot send a token",
			description = "The folder comes from recordingsUrl of the timeline (or url of a listed recording); "
					+ "from and to as for playback.m3u8. An expired or altered URL answers 404",
			responses = @ApiResponse(responseCode = "200", description = "The playlist",
					content = @Content(mediaType = MPEGURL, schema = @Schema(type = "string"))))
	@SecurityRequirements
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@GetMapping("/recordings/{cameraId}/{token}/playback.m3u8")
	ResponseEntity<String> signedPlayback(@PathVariable String cameraId, @PathVariable String token,
			@Parameter(required = true,
					schema = @Schema(format = "date-time")) @RequestParam(required = false) String from,
			@Parameter(schema = @Schema(format = "date-time")) @RequestParam(required = false) String to) {
		return playlist(this.recordings.signedPlaylist(cameraId, token, from, to));
	}

	/**
	 * The gateway serves every well-formed recording file and thumbnail itself (described
	 * by {@code GatewayServedRoutes}); a malformed id comes through to here.
	 */
	@Hidden
	@RequestMapping(
			path = { "/api/v1/cameras/{id}/recordings/{recordingId}",
					"/api/v1/cameras/{id}/recordings/{recordingId}/thumbnail.jpg" },
			method = { RequestMethod.GET, RequestMethod.HEAD })
	void file(@AuthenticationPrincipal Jwt jwt, @PathVariable String id, @PathVariable String recordingId) {
		this.recordings.noSuchFile(Caller.of(jwt), id, recordingId);
	}

	@Operation(summary = "Delete a closed recording and its file (owner)",
			description = "recordingId is the id of a listed recording, or its file's name (<id>.mp4)")
	@ApiResponse(responseCode = "204", description = "Deleted; the file goes within seconds")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@ApiResponse(responseCode = "409", ref = "Conflict")
	@ApiResponse(responseCode = "503", ref = "ServiceUnavailable")
	@DeleteMapping("/api/v1/cameras/{id}/recordings/{recordingId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@AuthenticationPrincipal Jwt jwt, @PathVariable String id, @PathVariable String recordingId) {
		this.recordings.delete(Caller.of(jwt), id, recordingId);
	}

	@Operation(summary = "How long and how much is recorded and kept")
	@ApiResponse(responseCode = "200", description = "The limits and what is used")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@GetMapping("/api/v1/cameras/{id}/retention")
	RetentionView retention(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
		return this.recordings.retention(Caller.of(jwt), id);
	}

	@Operation(summary = "Set how long and how much is kept (owner); null lifts a limit")
	@ApiResponse(responseCode = "200", description = "The limits and what is used")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@PutMapping(path = "/api/v1/cameras/{id}/retention", consumes = MediaType.APPLICATION_JSON_VALUE)
	RetentionView retain(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
			@Valid @RequestBody RetentionRequest body) {
		return this.recordings.retain(Caller.of(jwt), id, body);
	}

	/** A playlist is re-read by players as it grows: never cached. */
	private static ResponseEntity<String> playlist(String m3u8) {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(MPEGURL))
			.cacheControl(CacheControl.noCache())
			.body(m3u8);
	}

}
