package dev.mediaplatform.servlet;

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

/**
 * What the OpenAPI documents of the platform's services share, as clients read them
 * through the gateway: one relative server (the gateway that served the document, never a
 * service's own address), a bearer JWT scheme on every operation that is not marked
 * public with an empty {@code @SecurityRequirements}, errors as RFC 9457 problem details
 * ({@code ProblemDetail}, with named responses: {@code BadRequest}, {@code Unauthorized},
 * {@code UnsupportedMediaType}, and whatever the service adds), and the rules every
 * operation shares applied once rather than on each method: a 401 wherever a token is
 * needed, a 400 and a 415 wherever a body is read. Every property of an answer is always
 * present (Jackson writes {@code null}s), so answers list every property as required and
 * declare the ones that may be {@code null} nullable ({@code @Nullable}).
 */
public final class OpenApiDocuments {

	public static final String BEARER = "bearer";

	public static final String PROBLEM_JSON = "application/problem+json";

	private OpenApiDocuments() {
	}

	/**
	 * A service's document with what every service shares; the service adds its own named
	 * error responses to its components.
	 * @param title the service
	 * @param description what it offers
	 * @param tokens where its bearer tokens come from
	 */
	public static OpenAPI document(String title, String description, String tokens) {
		return new OpenAPI().info(new Info().title(title).version("v1").description(description))
			.servers(List.of(new Server().url("/").description("the gateway that served this document")))
			.components(new Components()
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description(tokens))
				.addSchemas("ProblemDetail", problemDetail())
				.addSchemas("FieldError",
						typed("object").addProperty("field", string())
							.addProperty("message", string())
							.required(List.of("field", "message")))
				.addResponses("BadRequest",
						problem("The request is not valid: unreadable JSON, a missing or wrong field or parameter "
								+ "(errors names each field)"))
				.addResponses("UnsupportedMediaType", problem("The body is not sent as application/json")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

	/**
	 * Applies the shared answers to every operation of a generated document, sorts each
	 * operation's responses, and marks the answers' properties required.
	 * @param whereTokenNeeded the named responses every operation that needs a token may
	 * answer besides {@code Unauthorized} (such as a {@code ServiceUnavailable})
	 */
	public static void applySharedAnswers(OpenAPI api, Map<String, String> whereTokenNeeded) {
		api.getPaths().values().forEach((path) -> path.readOperations().forEach((operation) -> {
			ApiResponses responses = operation.getResponses();
			if (operation.getSecurity() == null) {
				operation.setSecurity(api.getSecurity());
			}
			if (!operation.getSecurity().isEmpty()) {
				responses.computeIfAbsent("401", (code) -> new ApiResponse().$ref("Unauthorized"));
				whereTokenNeeded.forEach(
						(status, name) -> responses.computeIfAbsent(status, (code) -> new ApiResponse().$ref(name)));
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
	}

	/**
	 * Marks every property of the schemas that successful answers use (and the schemas
	 * they nest) as required: Jackson writes every component of a record, {@code null}
	 * included.
	 */
	public static void requireEveryAnsweredProperty(OpenAPI api) {
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
	public static Schema<?> problemDetail() {
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

	public static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/ProblemDetail"))));
	}

	public static Header header(String description) {
		return new Header().description(description).schema(string());
	}

	public static Schema<?> array(Schema<?> items) {
		return typed("array").items(items);
	}

	public static Schema<Object> string() {
		return typed("string");
	}

	public static Schema<Object> integer() {
		return typed("integer").format("int32");
	}

	/** Sets the type for either version of the document. */
	public static Schema<Object> typed(String type) {
		Schema<Object> schema = new Schema<>();
		schema.setType(type);
		schema.setTypes(new LinkedHashSet<>(List.of(type)));
		return schema;
	}

}
