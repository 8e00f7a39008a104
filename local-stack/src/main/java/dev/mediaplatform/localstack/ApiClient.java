package dev.mediaplatform.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for tests, calling the platform as any other program would: JSON
 * in, status, headers and JSON out.
 */
public record ApiClient(String baseUrl) {

	static final HttpClient http = HttpClient.newHttpClient();

	public static final JsonMapper json = JsonMapper.shared();

	public Response post(String path, Object body, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString((body instanceof String text) ? text : json.writeValueAsString(body))), headers);
	}

	public Response put(String path, Object body, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers
				.ofString((body instanceof String text) ? text : json.writeValueAsString(body))), headers);
	}

	/** Any method, any body (none when {@code null}), headers as given. */
	public Response send(String method, String path, String body, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody()),
				headers);
	}

	public Response get(String path, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET(), headers);
	}

	public Response delete(String path, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).DELETE(), headers);
	}

	/** The decoded header of a JWT, unverified: for checking what a token says. */
	public static JsonNode tokenHeader(String jwt) {
		return json.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
	}

	/** The decoded claims of a JWT, unverified. */
	public static JsonNode tokenClaims(String jwt) {
		return json.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
	}

	public static String[] bearer(String token) {
		return new String[] { "Authorization", "Bearer " + token };
	}

	public static Map<String, String> credentials(String username, String password) {
		return Map.of("username", username, "password", password);
	}

	private Response send(HttpRequest.Builder request, String... headers) {
		for (int i = 0; i < headers.length; i += 2) {
			request.setHeader(headers[i], headers[i + 1]);
		}
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), response);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public record Response(int status, String body, HttpResponse<String> raw) {

		public JsonNode json() {
			return ApiClient.json.readTree(this.body);
		}

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

	}

}
