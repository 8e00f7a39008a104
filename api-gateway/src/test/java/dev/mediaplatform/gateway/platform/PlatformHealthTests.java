package dev.mediaplatform.gateway.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of stand-in services found through the simple discovery client:
 * requests are routed by path, and the platform health names the service that is missing
 * or not ready.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false",
				"platform.required-services=auth-service,camera-service,stream-worker",
				// What an administrator sees; anonymous callers get the status alone
				// (GatewayProblemsTests).
				"management.endpoint.health.show-components=always" })
class PlatformHealthTests {

	static final List<String> authRequests = new CopyOnWriteArrayList<>();

	static final HttpServer readyAuth = stub(200, authRequests);

	static final HttpServer unreadyWorker = stub(503, new CopyOnWriteArrayList<>());

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.auth-service[0].uri",
				() -> "http://localhost:" + readyAuth.getAddress().getPort());
		registry.add("spring.cloud.discovery.client.simple.instances.stream-worker[0].uri",
				() -> "http://localhost:" + unreadyWorker.getAddress().getPort());
	}

	@AfterAll
	static void stopStubs() {
		readyAuth.stop(0);
		unreadyWorker.stop(0);
	}

	@Test
	void shouldReportEachServiceWhenOneIsMissingAndOneIsNotReady() throws Exception {
		HttpResponse<String> health = get("/actuator/health");

		assertThat(health.statusCode()).isEqualTo(503);
		JsonNode platform = JsonMapper.shared().readTree(health.body()).path("components").path("platform");
		assertThat(platform.path("status").asString()).isEqualTo("DOWN");
		assertThat(platform.path("components").path("auth-service").path("status").asString()).isEqualTo("UP");
		assertThat(platform.path("components").path("camera-service").path("status").asString()).isEqualTo("DOWN");
		assertThat(platform.path("components").path("stream-worker").path("status").asString()).isEqualTo("DOWN");
	}

	@Test
	void shouldStayLiveAndReadyWhileABackendIsDown() throws Exception {
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	@Test
	void shouldRouteThePublicAuthPathsToAuthServiceWithoutForgedIdentity() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/login"))
				.header("Content-Type", "application/json")
				.header("X-User-Id", "forged")
				.header("x-user-roles", "ADMIN")
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(authRequests).anyMatch((request) -> request.startsWith("POST /login"));
		assertThat(authRequests).noneMatch((request) -> request.toLowerCase().contains("x-user-"));
	}

	@Test
	void shouldRefuseProtectedPathsWithoutATokenBeforeRouting() throws Exception {
		HttpResponse<String> response = get("/self");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> value.startsWith("Bearer"));
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(authRequests).noneMatch((request) -> request.startsWith("GET /self"));
	}

	@Test
	void shouldNotExposeServiceInternalsThroughTheGateway() throws Exception {
		assertThat(get("/actuator/env").statusCode()).isEqualTo(401);
		assertThat(authRequests).noneMatch((request) -> request.contains("/actuator/env"));
	}

	@Test
	void shouldRefuseAnOversizedBodyWithAProblem() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/register"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10 * 1024 * 1024]))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(authRequests).noneMatch((request) -> request.startsWith("POST /register"));
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static HttpServer stub(int readiness, List<String> requests) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/", (exchange) -> {
				String path = exchange.getRequestURI().getPath();
				requests.add(exchange.getRequestMethod() + " " + path + " " + exchange.getRequestHeaders().keySet());
				if (path.equals("/actuator/health/readiness")) {
					respond(exchange, readiness, (readiness == 200) ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
				}
				else {
					respond(exchange, 200, "{\"stub\":true}");
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
