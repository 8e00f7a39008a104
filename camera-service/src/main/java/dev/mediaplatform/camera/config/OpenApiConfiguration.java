package dev.mediaplatform.camera.config;

import java.util.Map;

import dev.mediaplatform.servlet.OpenApiDocuments;
import io.swagger.v3.oas.models.OpenAPI;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.mediaplatform.servlet.OpenApiDocuments.header;
import static dev.mediaplatform.servlet.OpenApiDocuments.problem;

/**
 * camera-service's OpenAPI document as clients read it, through the gateway at
 * {@code /v3/api-docs/cameras}: one relative server (the gateway that served it, never
 * this instance's own address), a bearer JWT scheme on every operation that is not marked
 * public with an empty {@code @SecurityRequirements}, and errors as RFC 9457 problem
 * details. It also describes the media routes the gateway serves on this service's behalf
 * from the shared storage ({@link GatewayServedRoutes}): clients see one camera API. The
 * rules every operation shares are applied here rather than repeated on each method: a
 * 401 and a 503 (tokens cannot be verified) wherever a token is needed, a 400 and a 415
 * wherever a body is read. Every property of an answer is always present (Jackson writes
 * {@code null}s), so answers list every property as required and declare the ones that
 * may be {@code null} nullable ({@code @Nullable}). Controllers name the other errors an
 * operation answers by these shared answers, e.g.
 * {@code @ApiResponse(responseCode = "404", ref = "NotFound")}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI cameraServiceOpenApi() {
		OpenAPI api = OpenApiDocuments.document("camera-service",
				"Cameras, sharing, live streams and recordings of the media platform, as the gateway "
						+ "serves them, with the media files the gateway serves itself. Errors are RFC 9457 problem "
						+ "details.",
				"an access token from auth-service's login, registration or refresh");
		api.getComponents()
			.addResponses("Unauthorized",
					problem("No valid bearer token").addHeaderObject("WWW-Authenticate",
							header("the challenge (RFC 6750)")))
			.addResponses("Forbidden",
					problem("The caller's role on this camera is too small: viewers watch, operators also "
							+ "start, stop and record, the owner also edits, shares and deletes"))
			.addResponses("NotFound",
					problem("No such camera, or one not shared with the caller (they read the same); or no such "
							+ "recording, share or user"))
			.addResponses("Conflict", problem("The recording is still being written"))
			.addResponses("ServiceUnavailable",
					problem("A service this needs cannot be reached right now (the account service, the broker, "
							+ "camera-service behind the gateway); try again shortly")
						.addHeaderObject("Retry-After", header("seconds to wait before trying again")));
		return api;
	}

	@Bean
	OpenApiCustomizer sharedAnswers() {
		return (api) -> {
			GatewayServedRoutes.addTo(api);
			OpenApiDocuments.applySharedAnswers(api, Map.of("503", "ServiceUnavailable"));
		};
	}

}
