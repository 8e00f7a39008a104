package dev.mediaplatform.camera;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.EmbeddedMongo;
import dev.mediaplatform.localstack.PortGuard;
import io.swagger.v3.oas.annotations.Hidden;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * camera-service's OpenAPI document, as the gateway passes it on: what a strict validator
 * of the running API found missing or wrong (the end-to-end {@code OpenApiContractIT}
 * validates real exchanges against it), and the media routes the gateway serves for it.
 */
@EmbeddedKafka(partitions = 1)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
class OpenApiDocumentTests {

	static final EmbeddedMongo mongo = EmbeddedMongo.startInMemory();

	static final int socketIoPort = PortGuard.freePort();

	/** Operations under a signed URL: the token in the path is the authorization. */
	static final Set<String> PUBLIC = Set.of("GET /recordings/{cameraId}/{token}/playback.m3u8",
			"GET /recordings/{cameraId}/{token}/export.mp4", "GET /recordings/{cameraId}/{token}/{recordingId}",
			"HEAD /recordings/{cameraId}/{token}/{recordingId}",
			"GET /recordings/{cameraId}/{token}/{recordingId}/thumbnail.jpg",
			"HEAD /recordings/{cameraId}/{token}/{recordingId}/thumbnail.jpg", "GET /streams/{cameraId}/{token}/{file}",
			"HEAD /streams/{cameraId}/{token}/{file}");

	/** What the gateway serves from the storage on camera-service's behalf. */
	static final Set<String> SERVED_BY_GATEWAY = Set.of("GET /streams/{cameraId}/{file}",
			"HEAD /streams/{cameraId}/{file}", "GET /streams/{cameraId}/{token}/{file}",
			"HEAD /streams/{cameraId}/{token}/{file}", "GET /api/v1/cameras/{id}/recordings/{recordingId}",
			"HEAD /api/v1/cameras/{id}/recordings/{recordingId}",
			"GET /api/v1/cameras/{id}/recordings/{recordingId}/thumbnail.jpg",
			"HEAD /api/v1/cameras/{id}/recordings/{recordingId}/thumbnail.jpg",
			"GET /api/v1/cameras/{id}/recordings/export.mp4", "GET /recordings/{cameraId}/{token}/{recordingId}",
			"HEAD /recordings/{cameraId}/{token}/{recordingId}",
			"GET /recordings/{cameraId}/{token}/{recordingId}/thumbnail.jpg",
			"HEAD /recordings/{cameraId}/{token}/{recordingId}/thumbnail.jpg",
			"GET /recordings/{cameraId}/{token}/export.mp4");

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	Response document;

	JsonNode api;

	@DynamicPropertySource
	static void stores(DynamicPropertyRegistry registry) {
		registry.add("camera.realtime.port", () -> socketIoPort);
		registry.add("spring.mongodb.uri", () -> mongo.connectionString("openapi-test"));
		registry.add("spring.cloud.discovery.client.simple.instances.auth-service[0].uri", TestAuthService::url);
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

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
	void shouldAskForABearerJwtOnEveryOperationButSignedUrls() {
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
				assertThat(responses(name)).as(name).contains("401", "503");
			}
		});
		assertThat(open).isEqualTo(PUBLIC);
	}

	@Test
	void shouldNameEachParameterOnceAnOperation() {
		operations().forEach((name, operation) -> {
			List<String> parameters = new ArrayList<>();
			operation.path("parameters")
				.forEach((parameter) -> parameters
					.add(parameter.path("in").asString() + " " + parameter.path("name").asString()));
			assertThat(parameters).as(name).doesNotHaveDuplicates();
		});
	}

	@Test
	void shouldAnswerCreatedWithTheCameraAndWhereItIs() {
		JsonNode responses = operations().get("POST /api/v1/cameras").path("responses");
		assertThat(responses.has("200")).isFalse();
		assertThat(responses.path("201").path("headers").path("Location").path("required").asBoolean()).isTrue();
		assertThat(
				responses.path("201").path("content").path("application/json").path("schema").path("$ref").asString())
			.isEqualTo("#/components/schemas/CameraView");
	}

	@Test
	void shouldDeclareTheTypesTheRoutesAnswerNeverAnyType() {
		assertThat(this.document.body()).doesNotContain("*/*");
		operations().forEach((name, operation) -> operation.path("responses").properties().forEach((entry) -> {
			JsonNode response = resolve(entry.getValue());
			String code = entry.getKey();
			if (!code.startsWith("2")) {
				assertThat(response.path("content").propertyNames()).as(name + " " + code)
					.containsExactly("application/problem+json");
				assertThat(response.path("content")
					.path("application/problem+json")
					.path("schema")
					.path("$ref")
					.asString()).isEqualTo("#/components/schemas/ProblemDetail");
			}
		}));
		assertThat(contentTypes("GET /api/v1/cameras/{id}", "200")).containsExactly("application/json");
		assertThat(contentTypes("GET /api/v1/cameras/{id}/recordings/playback.m3u8", "200"))
			.containsExactly("application/vnd.apple.mpegurl");
		assertThat(contentTypes("GET /streams/{cameraId}/{file}", "200"))
			.containsExactlyInAnyOrder("application/vnd.apple.mpegurl", "video/mp2t", "video/mp4");
		assertThat(contentTypes("GET /api/v1/cameras/{id}/recordings/{recordingId}", "206"))
			.containsExactly("video/mp4");
		assertThat(contentTypes("GET /api/v1/cameras/{id}/recordings/{recordingId}/thumbnail.jpg", "200"))
			.containsExactly("image/jpeg");
		assertThat(this.api.path("components").path("schemas").path("ProblemDetail").path("properties").propertyNames())
			.contains("type", "title", "status", "detail", "instance", "errors");
	}

	@Test
	void shouldDocumentTheErrorsWhereTheyHappen() {
		assertThat(responses("POST /api/v1/cameras")).contains("201", "400", "401", "415", "503");
		assertThat(responses("PUT /api/v1/cameras/{id}/shares")).contains("200", "400", "403", "404", "503");
		assertThat(responses("DELETE /api/v1/cameras/{id}/recordings/{recordingId}")).contains("204", "403", "404",
				"409", "503");
		assertThat(responses("GET /api/v1/cameras/{id}/recordings/timeline")).contains("200", "400", "404");
		assertThat(responses("GET /recordings/{cameraId}/{token}/playback.m3u8")).contains("200", "400", "404")
			.doesNotContain("401");
		// Low-Latency HLS: blocking playlist reloads refused (400) or not met in time
		// (503).
		assertThat(responses("GET /streams/{cameraId}/{token}/{file}")).contains("200", "206", "400", "404", "416",
				"503");
		assertThat(responses("HEAD /streams/{cameraId}/{file}")).contains("400", "503");
	}

	@Test
	void shouldDocumentTheMediaTheGatewayServesAndOnlyRoutesThatExist() {
		Set<String> mapped = new HashSet<>();
		// Hidden: the 404 for the malformed recording ids the gateway passes on.
		this.mappings.getHandlerMethods()
			.entrySet()
			.stream()
			.filter((entry) -> !entry.getValue().hasMethodAnnotation(Hidden.class))
			.map(Map.Entry::getKey)
			.forEach((info) -> info.getPatternValues()
				.forEach((pattern) -> info.getMethodsCondition()
					.getMethods()
					.forEach((method) -> mapped.add(method.name() + " " + pattern))));
		Set<String> byGateway = new HashSet<>();
		operations().forEach((name, operation) -> {
			if ("api-gateway".equals(operation.path("x-served-by").asString(""))) {
				byGateway.add(name);
			}
			else {
				assertThat(mapped).as(name).contains(name);
			}
		});
		assertThat(byGateway).isEqualTo(SERVED_BY_GATEWAY);
		assertThat(mapped).doesNotContainAnyElementsOf(byGateway);
	}

	@Test
	void shouldListTheUnsatisfiableRangeForEveryFileTheGatewayServes() {
		// The gateway answers ranges by one rule for live files, chunks and thumbnails
		// (its ByteRanges): 416 with Content-Range: bytes */length and a problem detail.
		SERVED_BY_GATEWAY.stream().filter((name) -> !name.endsWith("export.mp4")).forEach((name) -> {
			JsonNode unsatisfiable = operations().get(name).path("responses").path("416");
			assertThat(unsatisfiable.isMissingNode()).as(name).isFalse();
			assertThat(unsatisfiable.path("headers").path("Content-Range").path("required").asBoolean(false)).as(name)
				.isTrue();
			if (name.startsWith("GET ")) {
				assertThat(unsatisfiable.path("content").propertyNames()).as(name)
					.containsExactly("application/problem+json");
			}
		});
		assertThat(responses("GET /api/v1/cameras/{id}/recordings/export.mp4")).doesNotContain("206", "416");
	}

	@Test
	void shouldPageWithOptionalQueryParameters() {
		for (String paged : List.of("GET /api/v1/cameras", "GET /api/v1/cameras/{id}/recordings")) {
			List<String> names = new ArrayList<>();
			operations().get(paged).path("parameters").forEach((parameter) -> {
				if ("query".equals(parameter.path("in").asString())) {
					names.add(parameter.path("name").asString());
					assertThat(parameter.path("required").asBoolean(false)).as(paged).isFalse();
				}
			});
			assertThat(names).as(paged).contains("page", "size", "sort").doesNotContain("pageable");
		}
	}

	@Test
	void shouldRequireEveryPropertyOfAnAnswerTypeNullsAndEnumerateStates() {
		JsonNode camera = this.api.path("components").path("schemas").path("CameraView");
		assertThat(strings(camera.path("required")))
			.containsExactlyInAnyOrderElementsOf(camera.path("properties").propertyNames());
		JsonNode properties = camera.path("properties");
		assertThat(this.api.path("openapi").asString()).startsWith("3.0.");
		for (String nullable : List.of("statusError", "recordingError")) {
			assertThat(properties.path(nullable).path("type").asString()).as(nullable).isEqualTo("string");
			assertThat(properties.path(nullable).path("nullable").asBoolean()).as(nullable).isTrue();
		}
		assertThat(properties.path("name").path("nullable").asBoolean(false)).isFalse();
		assertThat(strings(properties.path("role").path("enum"))).containsExactlyInAnyOrder("owner", "operator",
				"viewer");
		assertThat(strings(properties.path("recordingStatus").path("enum"))).containsExactlyInAnyOrder("OFF",
				"STARTING", "ON", "FAILED");
		assertThat(strings(properties.path("status").path("enum"))).containsExactlyInAnyOrder("STARTING", "LIVE",
				"RECONNECTING", "FAILED", "STOPPED");
		JsonNode recording = this.api.path("components").path("schemas").path("RecordingView").path("properties");
		for (String whileOpen : List.of("bytes", "thumbnailUrl", "endedAt", "durationMillis")) {
			assertThat(recording.path(whileOpen).path("nullable").asBoolean()).as(whileOpen).isTrue();
		}
		assertThat(recording.path("bytes").path("description").asString()).contains("being written");
		assertThat(recording.path("thumbnailUrl").path("description").asString()).contains("being written");
		JsonNode newCamera = this.api.path("components").path("schemas").path("NewCamera");
		assertThat(strings(newCamera.path("required"))).containsExactlyInAnyOrder("name", "rtspUrl");
	}

	/** Every operation, by {@code METHOD /path}. */
	Map<String, JsonNode> operations() {
		Map<String, JsonNode> operations = new TreeMap<>();
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

	List<String> contentTypes(String operation, String status) {
		return new ArrayList<>(
				resolve(operations().get(operation).path("responses").path(status)).path("content").propertyNames());
	}

	JsonNode resolve(JsonNode response) {
		String ref = response.path("$ref").asString("");
		return ref.isEmpty() ? response
				: this.api.path("components").path("responses").path(ref.substring(ref.lastIndexOf('/') + 1));
	}

	static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

}
