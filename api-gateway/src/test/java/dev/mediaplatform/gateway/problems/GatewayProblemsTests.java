package dev.mediaplatform.gateway.problems;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mediaplatform.gateway.TestServices;
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
 * Hostile and odd requests against the real gateway, sent byte for byte over a socket (no
 * client cleans them up): every refusal is an RFC 9457 problem detail that says what to
 * change and names no internal host or port, whichever layer refuses (the gateway's own
 * checks, Spring Security's firewall, routing, a service that cannot be reached).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class GatewayProblemsTests {

	static final KeyPair signingKeys = TestServices.rsa();

	static final WireMockServer services = TestServices.start(signingKeys);

	/** Where camera-service is said to be: nothing listens there. */
	static final int deadPort = freePort();

	static final String alice = TestServices.token(signingKeys, "alice-id");

	static final String admin = TestServices.token(signingKeys, "admin-id", "USER", "ADMIN");

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void platform(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.auth-service[0].uri", services::baseUrl);
		registry.add("spring.cloud.discovery.client.simple.instances.camera-service[0].uri",
				() -> "http://127.0.0.1:" + deadPort);
	}

	@AfterAll
	static void stopServices() {
		services.stop();
	}

	record Raw(int status, Map<String, String> headers, String body) {

		JsonNode problem(int expected) {
			assertThat(this.status).as(this.body).isEqualTo(expected);
			assertThat(this.headers.get("content-type")).as(this.body).isEqualTo("application/problem+json");
			JsonNode problem = JsonMapper.shared().readTree(this.body);
			assertThat(problem.path("status").asInt()).isEqualTo(expected);
			assertThat(problem.path("title").asString()).isNotBlank();
			assertThat(problem.path("detail").asString()).isNotBlank();
			assertThat(this.body).doesNotContain("127.0.0.1", "localhost", Integer.toString(deadPort), "Exception");
			return problem;
		}

	}

	@Test
	void shouldAnswerAnUnknownRouteWithAProblemPointingToTheApi() {
		JsonNode problem = send("GET /no/such/route HTTP/1.1", "Authorization: Bearer " + alice).problem(404);

		assertThat(problem.path("detail").asString()).contains("/v3/api-docs");
	}

	@Test
	void shouldRefuseTraceAndOtherMethodsAsNotAllowed() {
		send("TRACE / HTTP/1.1").problem(405);
		send("TRACE /api/v1/cameras HTTP/1.1", "Authorization: Bearer " + alice).problem(405);
	}

	@Test
	void shouldRefuseEncodedSlashesAndDotsWithAProblem() {
		for (String target : new String[] { "/api/v1/cameras/%2e%2e/x", "/api/v1/cameras/a%2Fb",
				"/api/v1/cameras/a%25b", "/streams/x/..%2f..%2fetc/passwd" }) {
			send("GET " + target + " HTTP/1.1", "Authorization: Bearer " + alice).problem(400);
		}
	}

	@Test
	void shouldRefuseCharactersAndEncodingsNoUrlMayHoldWithAProblem() {
		send("GET /api/v1/cameras?sort=[ HTTP/1.1", "Authorization: Bearer " + alice).problem(400);
		send("GET /api/v1/cameras/%C0%AF HTTP/1.1", "Authorization: Bearer " + alice).problem(400);
		send("GET /api/v1/cameras/%zz HTTP/1.1", "Authorization: Bearer " + alice).problem(400);
		send("GET /api/v1/cameras/{id} HTTP/1.1", "Authorization: Bearer " + alice).problem(400);
	}

	@Test
	void shouldRefuseBadAuthorizationBytesWithAProblem() {
		send("GET /api/v1/cameras HTTP/1.1", "Authorization: Bearer \u0001\u0002").problem(400);
		send("GET /api/v1/cameras HTTP/1.1", "Authorization: Bearer é.ü.ö").problem(401);
		send("GET /api/v1/cameras HTTP/1.1", "Authorization: Basic YWxpY2U6c2VjcmV0").problem(401);
	}

	@Test
	void shouldAnswerOversizedTargetsAndHeadersWithAProblemNamingTheLimit() {
		JsonNode longTarget = send("GET /api/v1/cameras?q=" + "x".repeat(10_000) + " HTTP/1.1",
				"Authorization: Bearer " + alice)
			.problem(414);
		JsonNode bigHeaders = send("GET /api/v1/cameras HTTP/1.1", "Authorization: Bearer " + alice,
				"X-Filler: " + "y".repeat(20_000))
			.problem(431);

		assertThat(longTarget.path("detail").asString()).contains("4 KB");
		assertThat(bigHeaders.path("detail").asString()).contains("8 KB");
	}

	@Test
	void shouldAnswerAServiceThatCannotBeReachedWithRetryAfterAndNoAddress() {
		Raw raw = send("GET /api/v1/cameras HTTP/1.1", "Authorization: Bearer " + alice);

		raw.problem(503);
		assertThat(raw.headers().get("retry-after")).isEqualTo("5");
	}

	@Test
	void shouldGiveAnonymousCallersTheHealthStatusOnly() {
		Raw anonymous = send("GET /actuator/health HTTP/1.1");
		Raw administrator = send("GET /actuator/health HTTP/1.1", "Authorization: Bearer " + admin);

		JsonNode status = JsonMapper.shared().readTree(anonymous.body());
		assertThat(status.has("status")).as(anonymous.body()).isTrue();
		assertThat(status.has("components")).as(anonymous.body()).isFalse();
		assertThat(JsonMapper.shared().readTree(administrator.body()).path("components").has("platform"))
			.as(administrator.body())
			.isTrue();
	}

	static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One request written as given, in ISO-8859-1 (UTF-8 for anything above). */
	Raw send(String requestLine, String... headers) {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(20_000);
			StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
			for (String header : headers) {
				request.append(header).append("\r\n");
			}
			request.append("Connection: close\r\n\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			in.transferTo(all);
			String response = all.toString(StandardCharsets.UTF_8);
			int status = Integer.parseInt(response.substring(9, 12));
			int bodyStart = response.indexOf("\r\n\r\n");
			Map<String, String> parsed = new LinkedHashMap<>();
			for (String line : response.substring(0, Math.max(0, bodyStart)).split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0) {
					parsed.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
				}
			}
			String body = (bodyStart < 0) ? "" : response.substring(bodyStart + 4);
			if ("chunked".equals(parsed.get("transfer-encoding"))) {
				body = unchunk(body);
			}
			return new Raw(status, parsed, body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String unchunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (at < chunked.length()) {
			int lineEnd = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
			if (size == 0) {
				break;
			}
			body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
		return body.toString();
	}

}
