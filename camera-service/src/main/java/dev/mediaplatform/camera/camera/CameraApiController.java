package dev.mediaplatform.camera.camera;

import java.net.URI;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The versioned camera API: the cameras themselves. */
@RestController
@RequestMapping("/api/v1/cameras")
@Tag(name = "cameras")
class CameraApiController {

	private static final Set<String> SORTABLE = Set.of("name", "createdAt", "updatedAt");

	private final CameraService cameras;

	CameraApiController(CameraService cameras) {
		this.cameras = cameras;
	}

	record NewCamera(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String rtspUrl, String transport) {

		// On the accessor: the formatter mangles annotated record components.
		@Override
		@Schema(allowableValues = { "tcp", "udp" }, defaultValue = "tcp", description = "RTSP transport, in any case")
		public String transport() {
			return this.transport;
		}

		@Override
		public String toString() {
			return "NewCamera[name=" + this.name + "]";
		}

	}

	record CameraPatch(String name, String rtspUrl, String transport) {

		// On the accessor: the formatter mangles annotated record components.
		@Override
		@Schema(allowableValues = { "tcp", "udp" },
				description = "RTSP transport, in any case; a change restarts the stream")
		public String transport() {
			return this.transport;
		}

		@Override
		public String toString() {
			return "CameraPatch[name=" + this.name + "]";
		}

	}

	@Operation(summary = "The cameras I own and those shared with me, a page at a time",
			description = "sort by name (the default), createdAt or updatedAt")
	@ApiResponse(responseCode = "200", description = "A page of cameras")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@GetMapping
	PagedModel<CameraView> list(@AuthenticationPrincipal Jwt jwt,
			@ParameterObject @PageableDefault(size = 50, sort = "name") Pageable pageable) {
		pageable.getSort().forEach((order) -> {
			if (!SORTABLE.contains(order.getProperty())) {
				throw InvalidCameraInput.field("sort", "must be one of " + SORTABLE);
			}
		});
		return new PagedModel<>(this.cameras.list(Caller.of(jwt), pageable));
	}

	@Operation(summary = "Add a camera; RTSP over TCP unless transport says udp")
	@ApiResponse(responseCode = "201", description = "Added",
			headers = @Header(name = "Location", description = "the camera's URL", required = true,
					schema = @Schema(type = "string")))
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<CameraView> create(@AuthenticationPrincipal Jwt jwt, @RequestBody NewCamera body) {
		CameraView camera = this.cameras.add(Caller.of(jwt), body.name(), body.rtspUrl(), body.transport());
		return ResponseEntity.created(URI.create("/api/v1/cameras/" + camera.id())).body(camera);
	}

	@Operation(summary = "One camera")
	@ApiResponse(responseCode = "200", description = "The camera as the caller sees it")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@GetMapping("/{id}")
	CameraView get(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
		return this.cameras.get(Caller.of(jwt), id);
	}

	@Operation(summary = "Rename a camera or change its address or RTSP transport (owner)")
	@ApiResponse(responseCode = "200", description = "The changed camera")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	CameraView update(@AuthenticationPrincipal Jwt jwt, @PathVariable String id, @RequestBody CameraPatch body) {
		return this.cameras.update(Caller.of(jwt), id, body.name(), body.rtspUrl(), body.transport());
	}

	@Operation(summary = "Delete a camera (owner)")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
		this.cameras.delete(Caller.of(jwt), id);
	}

}
