package dev.mediaplatform.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import static dev.mediaplatform.localstack.ApiClient.bearer;
import static dev.mediaplatform.localstack.ApiClient.credentials;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every 4xx the service answers itself is a problem detail whose detail says what to do:
 * from Spring MVC, from Spring Security's firewall, from the error page and from Tomcat.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = SharedMariaDb.class)
class ErrorResponsesTests {

	@LocalServerPort
	int port;

	ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient("http://localhost:" + this.port);
	}

	static JsonNode problem(Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("title").asString()).isNotBlank();
		return problem;
	}

	@Test
	void shouldSayWhereJsonIsMalformed() {
		JsonNode problem = problem(this.api.post("/login", "{\"username\": "), 400);

		assertThat(problem.path("detail").asString()).isEqualTo("the body is not valid JSON (line 1, column 14)");
	}

	@Test
	void shouldAskForABodyWhenThereIsNone() {
		for (String body : new String[] { "", "null" }) {
			JsonNode problem = problem(this.api.post("/api/v1/auth/login", body), 400);

			assertThat(problem.path("detail").asString()).startsWith("the body is missing: send a JSON object")
				.as("where the gateway publishes the description")
				.endsWith("see /v3/api-docs/auth");
		}
	}

	@Test
	void shouldAskForJsonWhenTheContentTypeIsWrongOrMissing() throws Exception {
		JsonNode form = problem(this.api.post("/register", "username=a&password=b", "Content-Type",
				"application/x-www-form-urlencoded"), 415);
		assertThat(form.path("detail").asString())
			.isEqualTo("send the body as application/json (Content-Type was application/x-www-form-urlencoded)");

		Response none = send(HttpRequest.newBuilder(uri("/login")).POST(HttpRequest.BodyPublishers.ofString("{}")));
		assertThat(problem(none, 415).path("detail").asString())
			.isEqualTo("send the body as application/json (there was no Content-Type)");
	}

	@Test
	void shouldNameTheAllowedMethodsWhenTheMethodIsWrong() {
		Response get = this.api.get("/login");
		assertThat(problem(get, 405).path("detail").asString()).isEqualTo("this route answers POST, not GET");
		assertThat(get.header("Allow")).isEqualTo("POST");

		Response delete = this.api.delete("/.well-known/jwks.json");
		assertThat(problem(delete, 405).path("detail").asString()).isEqualTo("this route answers GET, not DELETE");
	}

	@Test
	void shouldPointToTheApiDescriptionForAnUnknownRoute() {
		String token = this.api
			.post("/register", credentials("e" + UUID.randomUUID().toString().substring(0, 8), "long enough password"))
			.json()
			.path("token")
			.asString();

		JsonNode unknown = problem(this.api.get("/no-such-route", bearer(token)), 404);
		assertThat(unknown.path("detail").asString()).as("the gateway publishes the descriptions there")
			.endsWith("described at /v3/api-docs/auth and /v3/api-docs/cameras");
		assertThat(problem(this.api.get("/no-such-route"), 401).path("detail").asString())
			.as("without a token, routes are not revealed")
			.isEqualTo("a bearer token is required");
	}

	@Test
	void shouldAnswerTheErrorPageItselfAsAnUnknownRoute() {
		for (Response response : new Response[] { this.api.get("/error"), this.api.post("/error", "{}"),
				this.api.get("/error", "Accept", "text/html") }) {
			assertThat(problem(response, 404).path("detail").asString()).contains("/v3/api-docs/auth");
		}
	}

	@Test
	void shouldSayWhyTheFirewallRefusedAPath() {
		JsonNode semicolon = problem(this.api.get("/login;jsessionid=x"), 400);
		assertThat(semicolon.path("detail").asString()).contains("\";\"");

		JsonNode doubleSlash = problem(this.api.get("/api//v1/users/me"), 400);
		assertThat(doubleSlash.path("detail").asString()).contains("\"//\"");
	}

	@Test
	void shouldAnswerAPathTomcatRefusesItselfAsAProblemToo() {
		JsonNode problem = problem(this.api.get("/%2e%2e/etc/passwd"), 400);

		assertThat(problem.path("detail").asString()).contains("percent-encoding");
	}

	URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	static Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(request.build(), HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), response.body(), response);
	}

}
