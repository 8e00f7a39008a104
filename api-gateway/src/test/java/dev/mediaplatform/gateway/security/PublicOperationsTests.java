package dev.mediaplatform.gateway.security;

import java.security.KeyPair;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mediaplatform.gateway.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway makes of an {@code Authorization} header on the operations anyone may
 * call, and of cross-origin preflights: a bearer token that is not valid does not stop a
 * public operation (answered as to an anonymous caller, the header not forwarded), and a
 * preflight is never asked for a token: media answer it per their CORS policy, the rest
 * of the API refuses it with a problem detail.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PublicOperationsTests {

	static final KeyPair signingKeys = TestServices.rsa();

	static final KeyPair strangerKeys = TestServices.rsa();

	static final WireMockServer services = TestServices.start(signingKeys);

	static final String alice = TestServices.token(signingKeys, "alice-id");

	/** Tokens a client may hold: garbage, and one not signed by this platform. */
	static final String[] BAD_TOKENS = { "not-a-token", "a.b.c" };

	@LocalServerPort
	int port;

	WebTestClient http;

	@DynamicPropertySource
	static void platform(DynamicPropertyRegistry registry) {
		TestServices.discover(registry, services);
		services.stubFor(post(urlPathEqualTo("/api/v1/auth/login")).willReturn(okJson("{\"accessToken\":\"t\"}")));
	}

	@AfterAll
	static void stopServices() {
		services.stop();
	}

	@BeforeEach
	void client() {
		this.http = TestServices.client(this.port);
		services.resetRequests();
	}

	@Nested
	class WithABadBearerToken {

		@ParameterizedTest
		@ValueSource(strings = { "not-a-token", "a.b.c", "stranger" })
		void shouldLogInAsAnAnonymousCallerWithoutForwardingTheToken(String token) {
			String bearer = "stranger".equals(token) ? TestServices.token(strangerKeys, "alice-id") : token;

			PublicOperationsTests.this.http.post()
				.uri("/api/v1/auth/login")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"username\":\"alice\",\"password\":\"a long enough password\"}")
				.exchange()
				.expectStatus()
				.isOk();
			services.verify(postRequestedFor(urlPathEqualTo("/api/v1/auth/login")).withoutHeader("Authorization"));
		}

		@Test
		void shouldServeTheKeysAndThePagesAsToAnyone() {
			for (String token : BAD_TOKENS) {
				PublicOperationsTests.this.http.get()
					.uri("/.well-known/jwks.json")
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
					.exchange()
					.expectStatus()
					.isOk();
				PublicOperationsTests.this.http.get()
					.uri("/login")
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
					.accept(MediaType.TEXT_HTML)
					.exchange()
					.expectStatus()
					.isOk();
			}
		}

		@Test
		void shouldStillRefuseEveryOtherOperation() {
			for (String token : BAD_TOKENS) {
				JsonNode problem = TestServices.assertProblem(PublicOperationsTests.this.http.get()
					.uri("/api/v1/cameras")
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
					.exchange(), 401);
				assertThat(problem.path("detail").asString()).contains("not valid");
			}
		}

		@Test
		void shouldForwardAValidTokenAsItCame() {
			PublicOperationsTests.this.http.post()
				.uri("/api/v1/auth/login")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + alice)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isOk();
			services.verify(postRequestedFor(urlPathEqualTo("/api/v1/auth/login")).withHeader("Authorization",
					equalTo("Bearer " + alice)));
		}

	}

	@Nested
	class Preflights {

		@Test
		void shouldAnswerAMediaPreflightWithoutAToken() {
			PublicOperationsTests.this.http.options()
				.uri("/api/v1/cameras/c1/recordings/export.mp4")
				.header(HttpHeaders.ORIGIN, "https://player.example")
				.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
		}

		@Test
		void shouldRefuseAPreflightForTheRestOfTheApiWithAProblemNotA401() {
			for (String path : new String[] { "/api/v1/cameras", "/api/v1/auth/login", "/cameras" }) {
				WebTestClient.ResponseSpec response = PublicOperationsTests.this.http.options()
					.uri(path)
					.header(HttpHeaders.ORIGIN, "https://elsewhere.example")
					.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
					.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type")
					.exchange();
				JsonNode problem = TestServices.assertProblem(response, 403);
				response.expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
				assertThat(problem.path("detail").asString()).contains("another origin");
			}
		}

	}

}
