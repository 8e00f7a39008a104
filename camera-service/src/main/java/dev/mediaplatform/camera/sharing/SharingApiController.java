package dev.mediaplatform.camera.sharing;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.mediaplatform.camera.camera.Caller;
import dev.mediaplatform.camera.camera.CameraView;

/** The versioned camera API: who a camera is shared with. */
@RestController
@RequestMapping("/api/v1/cameras")
@Tag(name = "cameras")
class SharingApiController {

	private final SharingService sharing;

	SharingApiController(SharingService sharing) {
		this.sharing = sharing;
	}

	record NewShare(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String username, String role) {

		// On the accessor: the formatter mangles annotated record components.
		@Override
		@Schema(allowableValues = { "viewer", "operator" }, defaultValue = "viewer",
				description = "the role to give, in any case")
		public String role() {
			return this.role;
		}

	}

	@Operation(summary = "Who a camera is shared with (owner)")
	@ApiResponse(responseCode = "200", description = "The shares")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@GetMapping("/{id}/shares")
	List<CameraView.ShareView> shares(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
		return this.sharing.shares(Caller.of(jwt), id);
	}

	@Operation(summary = "Share a camera with a user, or change its role (owner)")
	@ApiResponse(responseCode = "200", description = "The camera with its shares")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@ApiResponse(responseCode = "503", ref = "ServiceUnavailable")
	@PutMapping(path = "/{id}/shares", consumes = MediaType.APPLICATION_JSON_VALUE)
	CameraView share(@AuthenticationPrincipal Jwt jwt, @PathVariable String id, @RequestBody NewShare body) {
		return this.sharing.share(Caller.of(jwt), id, body.username(), body.role());
	}

	@Operation(summary = "Remove a user's access (owner), or give up one's own")
	@ApiResponse(responseCode = "204", description = "Removed")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@DeleteMapping("/{id}/shares/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void unshare(@AuthenticationPrincipal Jwt jwt, @PathVariable String id, @PathVariable String userId) {
		this.sharing.unshare(Caller.of(jwt), id, userId);
	}

}
