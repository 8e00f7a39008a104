package dev.mediaplatform.auth.config;

import java.util.Map;

import dev.mediaplatform.servlet.OpenApiDocuments;
import io.swagger.v3.oas.models.OpenAPI;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.mediaplatform.servlet.OpenApiDocuments.header;
import static dev.mediaplatform.servlet.OpenApiDocuments.problem;

/**
 * auth-service's OpenAPI document as clients read it, through the gateway at
 * {@code /v3/api-docs/auth}: one relative server (the gateway that served it, never this
 * instance's own address), a bearer JWT scheme on every operation that is not marked
 * public with an empty {@code @SecurityRequirements}, and errors as RFC 9457 problem
 * details. The rules every operation shares are applied here rather than repeated on each
 * method: a 401 wherever a token is needed, a 400 and a 415 wherever a body is read.
 * Every property of an answer is always present (Jackson writes {@code null}s), so
 * answers list every property as required and declare the ones that may be {@code null}
 * nullable ({@code @Nullable}). Controllers name the other errors an operation answers by
 * these shared answers, e.g.
 * {@code @ApiResponse(responseCode = "404", ref = "NotFound")}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI authServiceOpenApi() {
		OpenAPI api = OpenApiDocuments.document("auth-service",
				"Accounts and access tokens of the media platform, as the gateway serves them. "
						+ "Errors are RFC 9457 problem details.",
				"an access token from login, registration or refresh");
		api.getComponents()
			.addResponses("Unauthorized",
					problem("No valid bearer token, or wrong credentials").addHeaderObject("WWW-Authenticate",
							header("the challenge (RFC 6750)")))
			.addResponses("Forbidden", problem("The token lacks the role this needs"))
			.addResponses("NotFound", problem("There is no such user"))
			.addResponses("Conflict", problem("The username is taken"))
			.addResponses("TooManyRequests", problem("Too many attempts from this address or for this username")
				.addHeaderObject("Retry-After", header("seconds to wait before trying again")));
		return api;
	}

	@Bean
	OpenApiCustomizer sharedAnswers() {
		return (api) -> {
			OpenApiDocuments.applySharedAnswers(api, Map.of());
		};
	}

}
