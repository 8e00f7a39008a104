package dev.mediaplatform.camera.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

	static final String BEARER = "bearer";

	static final String PROBLEM_JSON = "application/problem+json";

	@Bean
	OpenAPI cameraServiceOpenApi() {
		return new OpenAPI()
			.info(new Info().title("camera-service")
				.version("v1")
				.description("Cameras, sharing, live streams and recordings of the media platform, as the gateway "
						+ "serves them, with the media files the gateway serves itself. Errors are RFC 9457 problem "
						+ "details."))
			.servers(List.of(new Server().url("/").description("the gateway that served this document")))
			.components(new Components()
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("an access token from auth-service's login, registration or refresh"))
				.addSchemas("ProblemDetail", problemDetail())
				.addSchemas("FieldError",
						typed("object").addProperty("field", string())
							.addProperty("message", string())
							.required(List.of("field", "message")))
				.addResponses("BadRequest",
						problem("The request is not valid: unreadable JSON, a missing or wrong field or parameter "
								+ "(errors names the field)"))
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
							.addHeaderObject("Retry-After", header("seconds to wait before trying again")))
				.addResponses("UnsupportedMediaType", problem("The body is not sent as application/json")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

	@Bean
	OpenApiCustomizer sharedAnswers() {
		return (api) -> {
			GatewayServedRoutes.addTo(api);
			api.getPaths().values().forEach((path) -> path.readOperations().forEach((operation) -> {
				ApiResponses responses = operation.getResponses();
				if (operation.getSecurity() == null) {
					operation.setSecurity(api.getSecurity());
				}
				if (!operation.getSecurity().isEmpty()) {
					responses.computeIfAbsent("401", (code) -> new ApiResponse().$ref("Unauthorized"));
					responses.computeIfAbsent("503", (code) -> new ApiResponse().$ref("ServiceUnavailable"));
				}
				if (operation.getRequestBody() != null) {
					responses.computeIfAbsent("400", (code) -> new ApiResponse().$ref("BadRequest"));
					responses.computeIfAbsent("415", (code) -> new ApiResponse().$ref("UnsupportedMediaType"));
				}
				ApiResponses sorted = new ApiResponses();
				new TreeMap<>(responses).forEach(sorted::addApiResponse);
				operation.setResponses(sorted);
			}));
			requireEveryAnsweredProperty(api);
		};
	}

	/**
	 * Marks every property of the schemas that successful answers use (and the schemas
	 * they nest) as required: Jackson writes every component of a record, {@code null}
	 * included.
	 */
	static void requireEveryAnsweredProperty(OpenAPI api) {
		Map<String, Schema> schemas = api.getComponents().getSchemas();
		Deque<Schema<?>> pending = new ArrayDeque<>();
		api.getPaths()
			.values()
			.forEach((path) -> path.readOperations()
				.stream()
				.map(Operation::getResponses)
				.flatMap((responses) -> responses.entrySet().stream())
				.filter((response) -> response.getKey().startsWith("2") && response.getValue().getContent() != null)
				.flatMap((response) -> response.getValue().getContent().values().stream())
				.map(MediaType::getSchema)
				.forEach(pending::add));
		Set<String> done = new HashSet<>();
		while (!pending.isEmpty()) {
			Schema<?> schema = pending.pop();
			if (schema == null) {
				continue;
			}
			if (schema.get$ref() != null) {
				String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
				if (done.add(name) && schemas.get(name) != null) {
					Schema<?> named = schemas.get(name);
					if (named.getProperties() != null) {
						named.setRequired(new ArrayList<>(named.getProperties().keySet()));
					}
					pending.push(named);
				}
				continue;
			}
			if (schema.getProperties() != null) {
				schema.getProperties().values().forEach(pending::push);
			}
			if (schema.getItems() != null) {
				pending.push(schema.getItems());
			}
		}
	}

	/**
	 * RFC 9457, as both Spring's handlers and the security filters write it; validation
	 * errors add {@code errors}, one entry per field.
	 */
	static Schema<?> problemDetail() {
		Schema<?> problem = typed("object").description("An error, as an RFC 9457 problem detail")
			.addProperty("type", string().format("uri-reference"))
			.addProperty("title", string())
			.addProperty("status", integer())
			.addProperty("detail", string())
			.addProperty("instance", string().format("uri-reference"))
			.addProperty("errors", array(new Schema<>().$ref("#/components/schemas/FieldError")))
			.required(List.of("title", "status"));
		// Extension members are allowed (RFC 9457, section 3.2).
		problem.setAdditionalProperties(true);
		return problem;
	}

	static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/ProblemDetail"))));
	}

	static Header header(String description) {
		return new Header().description(description).schema(string());
	}

	static Schema<?> array(Schema<?> items) {
		return typed("array").items(items);
	}

	static Schema<Object> string() {
		return typed("string");
	}

	static Schema<Object> integer() {
		return typed("integer").format("int32");
	}

	/** Sets the type for either version of the document. */
	static Schema<Object> typed(String type) {
		Schema<Object> schema = new Schema<>();
		schema.setType(type);
		schema.setTypes(new LinkedHashSet<>(List.of(type)));
		return schema;
	}

}
