package dev.mediaplatform.camera.stream;

import dev.mediaplatform.camera.camera.CameraService;
import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * For the gateway, not the public API (it routes no {@code /internal/} path): whether a
 * signed URL still works. The gateway checks the signature and the expiry itself; this
 * says whether the user the URL was handed to still may watch the camera, so that a URL
 * stops working when its user is removed from the camera, the camera is deleted or the
 * account is, rather than when it expires. The gateway keeps each answer for a few
 * seconds, so this is asked once per URL every few seconds, not per segment. It answers
 * only about a valid token, which only its holder has.
 */
@Hidden
@RestController
class SignedUrlController {

	private final StreamUrls urls;

	private final CameraService cameras;

	SignedUrlController(StreamUrls urls, CameraService cameras) {
		this.urls = urls;
		this.cameras = cameras;
	}

	/** 204 while the URL works, 404 once it does not. */
	@GetMapping("/internal/v1/signed-urls/{cameraId}/{token}")
	ResponseEntity<Void> check(@PathVariable String cameraId, @PathVariable String token) {
		boolean works = this.urls.grantee(cameraId, token)
			.filter((grantee) -> this.cameras.mayWatch(cameraId, grantee))
			.isPresent();
		return works ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

}
