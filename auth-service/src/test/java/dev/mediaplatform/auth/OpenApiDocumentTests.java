package dev.mediaplatform.auth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * auth-service's OpenAPI document, as the gateway passes it on: what a strict validator
 * of the running API found missing or wrong (the end-to-end {@code OpenApiContractIT}
 * validates real exchanges against it).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "eureka.client.enabled=false")
@ContextConfiguration(initializers = SharedMariaDb.class)
class OpenApiDocumentTests {

	/** Operations anyone may call: how a token is had, and the keys that verify it. */
	static final Set<String> PUBLIC = Set.of("POST /register", "POST /login", "POST /api/v1/auth/register",
			"POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "POST /api/v1/auth/logout",
			"GET /.well-known/jwks.json");

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	Response document;

	JsonNode api;

	@BeforeEach
	void fetch() {
		this.document = new ApiClient("http://localhost:" + this.port).get("/v3/api-docs");
		assertThat(this.document.status()).isEqualTo(200);
		this.api = this.document.json();
	}

	@Test
	void shouldNameOnlyARelativeServerWhateverAddressItIsFetchedFrom() {
		assertThat(this.api.path("servers")).hasSize(1);
		assertThat(this.api.path("servers").get(0).path("url").asString()).isEqualTo("/");
		assertThat(this.document.body()).doesNotContain("localhost");
	}

	@Test
	void shouldAskForABearerJwtOnEveryOperationButThePublicOnes() {
		JsonNode scheme = this.api.path("components").path("securitySchemes").path("bearer");
		assertThat(scheme.path("type").asString()).isEqualTo("http");
		assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
		assertThat(scheme.path("bearerFormat").asString()).isEqualTo("JWT");
		Set<String> open = new HashSet<>();
		operations().forEach((name, operation) -> {
			JsonNode security = operation.path("security");
			assertThat(security.isArray()).as(name).isTrue();
			if (security.isEmpty()) {
				open.add(name);
			}
			else {
				assertThat(security).as(name).hasSize(1);
				assertThat(security.get(0).propertyNames()).as(name).containsExactly("bearer");
				assertThat(operation.path("responses").path("401").path("$ref").asString()).as(name)
					.isEqualTo("#/components/responses/Unauthorized");
			}
		});
		assertThat(open).isEqualTo(PUBLIC);
	}

	@Test
	void shouldDeclareJsonAnswersAndProblemDetailsNeverAnyType() {
		assertThat(this.document.body()).doesNotContain("*/*");
		operations().forEach((name, operation) -> operation.path("responses").properties().forEach((entry) -> {
			JsonNode response = resolve(entry.getValue());
			if (entry.getKey().startsWith("2")) {
				assertThat(response.path("content").propertyNames()).as(name + " " + entry.getKey())
					.isSubsetOf(List.of("application/json"));
			}
			else {
				assertThat(response.path("content").propertyNames()).as(name + " " + entry.getKey())
					.containsExactly("application/problem+json");
				assertThat(response.path("content")
					.path("application/problem+json")
					.path("schema")
					.path("$ref")
					.asString()).isEqualTo("#/components/schemas/ProblemDetail");
			}
		}));
		JsonNode problem = this.api.path("components").path("schemas").path("ProblemDetail");
		assertThat(problem.path("properties").propertyNames()).contains("type", "title", "status", "detail", "instance",
				"errors");
	}

	@Test
	void shouldDocumentTheStatusesTheRoutesAnswer() {
		assertThat(responses("POST /api/v1/auth/register")).contains("201", "400", "409", "429").doesNotContain("200");
		assertThat(responses("POST /api/v1/auth/login")).contains("200", "400", "401", "429");
		assertThat(responses("POST /api/v1/auth/logout")).contains("204", "400");
		assertThat(responses("GET /api/v1/users")).contains("200", "400", "401", "403");
		assertThat(responses("GET /api/v1/users/lookup")).contains("200", "400", "401", "404");
		assertThat(responses("DELETE /api/v1/users/{id}")).contains("204", "401", "403", "404");
	}

	@Test
	void shouldDocumentOnlyRoutesThatExist() {
		Set<String> mapped = new HashSet<>();
		this.mappings.getHandlerMethods()
			.keySet()
			.forEach((info) -> info.getPatternValues()
				.forEach((pattern) -> info.getMethodsCondition()
					.getMethods()
					.forEach((method) -> mapped.add(method.name() + " " + pattern))));
		assertThat(mapped).containsAll(operations().keySet());
		assertThat(operations()).doesNotContainKey("GET /api/v1/users/{id}");
		assertThat(this.api.path("paths").has("/error")).isFalse();
	}

	@Test
	void shouldPageWithOptionalQueryParameters() {
		JsonNode parameters = operations().get("GET /api/v1/users").path("parameters");
		List<String> names = new ArrayList<>();
		parameters.forEach((parameter) -> {
			names.add(parameter.path("name").asString());
			assertThat(parameter.path("in").asString()).isEqualTo("query");
			assertThat(parameter.path("required").asBoolean(false)).isFalse();
		});
		assertThat(names).containsExactlyInAnyOrder("page", "size", "sort");
	}

	@Test
	void shouldRequireEveryPropertyOfAnAnswerAndEnumerateRoles() {
		JsonNode schemas = this.api.path("components").path("schemas");
		assertThat(schemas.path("UserView").path("required").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrder("id", "username", "roles", "createdAt");
		assertThat(schemas.path("TokenPair").path("required")).hasSize(5);
		assertThat(schemas.path("UserView")
			.path("properties")
			.path("roles")
			.path("items")
			.path("enum")
			.valueStream()
			.map(JsonNode::asString)).containsExactlyInAnyOrder("USER", "ADMIN");
		assertThat(schemas.path("Registration").path("required").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrder("username", "password");
	}

	@Test
	void shouldDocumentTheLimitsRegisterEnforces() {
		JsonNode properties = this.api.path("components").path("schemas").path("Registration").path("properties");
		assertThat(properties.path("username").path("minLength").asInt()).isEqualTo(3);
		assertThat(properties.path("username").path("maxLength").asInt()).isEqualTo(32);
		assertThat(properties.path("username").path("pattern").asString()).isEqualTo("^[A-Za-z0-9._-]+$");
		assertThat(properties.path("password").path("minLength").asInt()).isEqualTo(8);
		assertThat(properties.path("password").path("maxLength").asInt()).isEqualTo(128);
	}

	/** Every operation, by {@code METHOD /path}. */
	Map<String, JsonNode> operations() {
		Map<String, JsonNode> operations = new java.util.TreeMap<>();
		this.api.path("paths")
			.properties()
			.forEach((path) -> path.getValue()
				.properties()
				.forEach((operation) -> operations.put(operation.getKey().toUpperCase() + " " + path.getKey(),
						operation.getValue())));
		return operations;
	}

	Set<String> responses(String operation) {
		return new HashSet<>(operations().get(operation).path("responses").propertyNames());
	}

	JsonNode resolve(JsonNode response) {
		String ref = response.path("$ref").asString("");
		return ref.isEmpty() ? response
				: this.api.path("components").path("responses").path(ref.substring(ref.lastIndexOf('/') + 1));
	}

}
