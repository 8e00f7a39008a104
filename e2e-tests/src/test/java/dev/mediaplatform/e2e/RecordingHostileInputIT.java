package dev.mediaplatform.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.mediaplatform.e2e.HostileAnswers.abbreviate;
import static dev.mediaplatform.e2e.HostileAnswers.encode;
import static dev.mediaplatform.e2e.HostileAnswers.expand;
import static dev.mediaplatform.e2e.HostileAnswers.isProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recording and retention routes of camera-service's OpenAPI document (those the
 * gateway serves from the storage included), through the gateway, with hostile input of
 * the kinds they read: instants far outside what can be represented, byte ranges
 * malformed, of another unit, several, or beyond the file, recording ids that are not
 * ids, paging out of bounds, retention limits of the wrong type or size, another user and
 * no token. The rule is HostileInputIT's and one more: no answer of 500 or more, every
 * 4xx an RFC 9457 problem detail, and its status one the document lists for that
 * operation. Ranges the gateway ignores answer the whole file (200).
 */
class RecordingHostileInputIT {

	static final JsonMapper json = JsonMapper.shared();

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	/**
	 * Instants {@code Instant.parse} reads, but past what epoch milliseconds hold, and
	 * worse.
	 */
	static final List<String> HOSTILE_INSTANTS = List.of("+292278995-01-01T00:00:00Z", "-292275055-01-01T00:00:00Z",
			"+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z", "2026-13-01T00:00:00Z",
			"2026-02-30T00:00:00Z", "2026-01-01T00:00:00", "2026-01-01", "1700000000000", "", " ", "now", "null",
			"9".repeat(400), "2026-01-01T00:00:00+99:00", "2026-01-01T24:00:01Z");

	static final List<String> HOSTILE_RANGES = List.of("bytes=abc", "items=0-1", "bytes=0-1,5-9", "bytes=5-2", "bytes",
			"bytes=999999999-", "bytes=-0", "bytes=99999999999999999999-", "bytes=-99999999999999999999",
			"bytes=" + "0-0,".repeat(1000) + "0-0", "bytes=0-1, 0-1, 0-1");

	/**
	 * Recording ids that are not ids, or name no chunk. Encodings any path may hold
	 * (dots, NUL, huge segments) are HostileInputIT's, for every route alike.
	 */
	static final List<String> HOSTILE_RECORDING_IDS = List.of("-1", "0", "9".repeat(15), "9".repeat(16), "1e3", "abc",
			"01700000000000", "1700000000000.mp4.mp4", "1700000000000.ts", "1700000000000.MP4");

	static final List<String> HOSTILE_PAGING = List.of("page=-1", "page=abc", "page=99999999999", "size=0", "size=-5",
			"size=100000", "size=abc", "sort=%5B", "sort=from,sideways", "sort=" + "x".repeat(3000),
			"page=2147483647&size=2147483647");

	static final List<String> HOSTILE_RETENTION = List.of("{\"maxAgeDays\":0}", "{\"maxAgeDays\":3651}",
			"{\"maxAgeDays\":-1}", "{\"maxAgeDays\":1.5}", "{\"maxAgeDays\":\"x\"}",
			"{\"maxAgeDays\":" + "9".repeat(400) + "}", "{\"maxBytes\":1}", "{\"maxBytes\":1e300}",
			"{\"maxBytes\":true}", "{\"maxBytes\":[]}", "null", "[]", "", "{\"maxAgeDays\":", "7");

	static ApiClient gateway;

	static String base;

	@BeforeAll
	static void platform() {
		gateway = SharedPlatform.gateway();
		base = gateway.baseUrl();
	}

	record Outcome(String operation, String request, int status, String contentType, String body) {
	}

	@Test
	void shouldAnswerEveryHostileRecordingRequestWithoutA5xxAndEveryRefusalWithAListedProblem() throws Exception {
		TestUser owner = TestUser.register(gateway, "rhi");
		TestUser stranger = TestUser.register(gateway, "rhi");
		Response added = gateway.post("/addCamera", Map.of("name", "Hostile", "rtspUrl", "rtsp://192.0.2.10/stream"),
				owner.auth());
		assertThat(added.status()).as(added.body()).isEqualTo(200);
		String cameraId = added.json().path("id").asString();
		// A chunk and its thumbnail where a worker would write them, so that ranges have
		// a
		// file to be read from.
		long start = Instant.now().minusSeconds(60).toEpochMilli();
		byte[] chunk = write(cameraId, start, ".mp4", 5000);
		byte[] thumbnail = write(cameraId, start, ".jpg", 3000);
		String recordingId = Long.toString(start);

		JsonNode retentionBefore = gateway.get("/api/v1/cameras/" + cameraId + "/retention", owner.auth()).json();

		Response docs = gateway.get("/v3/api-docs/cameras");
		assertThat(docs.status()).as(docs.body()).isEqualTo(200);
		JsonNode paths = docs.json().path("paths");
		List<Outcome> outcomes = new ArrayList<>();
		Set<String> operations = new TreeSet<>();
		for (Map.Entry<String, JsonNode> path : paths.properties()) {
			String template = path.getKey();
			if (!template.contains("/recordings") && !template.endsWith("/retention")) {
				continue;
			}
			for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
				String method = entry.getKey().toUpperCase();
				if (!Set.of("GET", "HEAD", "PUT", "DELETE").contains(method)) {
					continue;
				}
				String operation = method + " " + template;
				operations.add(operation);
				Map<String, String> valid = Map.of("id", cameraId, "cameraId", cameraId, "recordingId", recordingId,
						"token", "v2.1.x.y", "file", "index.m3u8");
				String validPath = expand(template, valid, null, null);
				Set<String> query = new TreeSet<>();
				boolean ranged = false;
				for (JsonNode parameter : entry.getValue().path("parameters")) {
					if ("query".equals(parameter.path("in").asString())) {
						query.add(parameter.path("name").asString());
					}
					ranged |= "Range".equals(parameter.path("name").asString());
				}
				List<Request> requests = new ArrayList<>();
				requests.add(new Request(method, validPath, owner.token(), null));
				requests.add(new Request(method, validPath, stranger.token(), null));
				requests.add(new Request(method, validPath, null, null));
				requests.add(new Request(method, validPath, "not-a-token", null));
				if (template.contains("{recordingId}")) {
					for (String id : HOSTILE_RECORDING_IDS) {
						requests
							.add(new Request(method, expand(template, valid, "recordingId", id), owner.token(), null));
					}
				}
				for (String name : query) {
					if (!Set.of("from", "to").contains(name)) {
						continue;
					}
					String other = "from".equals(name) ? "to" : "from";
					for (String instant : HOSTILE_INSTANTS) {
						requests.add(new Request(method, validPath + "?" + name + "=" + encode(instant), owner.token(),
								null));
						requests.add(new Request(method,
								validPath + "?" + name + "=" + encode(instant) + "&" + other + "=" + encode(instant),
								owner.token(), null));
					}
					requests.add(new Request(method, validPath + "?from=" + encode("2026-01-02T00:00:00Z") + "&to="
							+ encode("2026-01-01T00:00:00Z"), owner.token(), null));
					requests.add(new Request(method, validPath + "?from=" + encode("1970-01-01T00:00:00Z") + "&to="
							+ encode("2026-01-01T00:00:00Z"), owner.token(), null));
				}
				if (query.contains("page") || query.contains("size")) {
					for (String paging : HOSTILE_PAGING) {
						requests.add(new Request(method, validPath + "?" + paging, owner.token(), null));
					}
				}
				if ("PUT".equals(method)) {
					for (String body : HOSTILE_RETENTION) {
						requests.add(new Request(method, validPath, owner.token(), body));
						requests.add(new Request(method, validPath, stranger.token(), body));
					}
				}
				if (ranged) {
					for (String range : HOSTILE_RANGES) {
						requests.add(new Request(method, validPath, owner.token(), null, "Range", range));
					}
				}
				for (Request request : requests) {
					outcomes.add(request.send(operation));
				}
			}
		}

		Map<String, JsonNode> documented = new HashMap<>();
		for (Map.Entry<String, JsonNode> path : paths.properties()) {
			for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
				documented.put(entry.getKey().toUpperCase() + " " + path.getKey(), entry.getValue().path("responses"));
			}
		}
		List<String> serverErrors = new ArrayList<>();
		List<String> notProblems = new ArrayList<>();
		List<String> notListed = new ArrayList<>();
		for (Outcome outcome : outcomes) {
			String described = outcome.status() + " " + outcome.request() + " -> " + outcome.contentType() + " "
					+ abbreviate(outcome.body());
			if (outcome.status() >= 500) {
				serverErrors.add(described);
			}
			else if (outcome.status() >= 400) {
				if (!outcome.request().startsWith("HEAD ")
						&& !isProblem(outcome.status(), outcome.contentType(), outcome.body())) {
					notProblems.add(described);
				}
				if (!documented.get(outcome.operation()).has(Integer.toString(outcome.status()))) {
					notListed.add(outcome.operation() + ": " + described);
				}
			}
		}
		System.out.printf("Hostile recording input: %d requests over %d operations%n", outcomes.size(),
				operations.size());
		assertThat(operations).as("recording and retention operations in the document")
			.contains("GET /api/v1/cameras/{id}/recordings", "GET /api/v1/cameras/{id}/recordings/timeline",
					"GET /api/v1/cameras/{id}/recordings/playback.m3u8",
					"GET /api/v1/cameras/{id}/recordings/export.mp4",
					"GET /api/v1/cameras/{id}/recordings/{recordingId}",
					"GET /api/v1/cameras/{id}/recordings/{recordingId}/thumbnail.jpg",
					"DELETE /api/v1/cameras/{id}/recordings/{recordingId}", "GET /api/v1/cameras/{id}/retention",
					"PUT /api/v1/cameras/{id}/retention");
		assertThat(serverErrors).as("answers of 500 or more").isEmpty();
		assertThat(notProblems).as("4xx answers that are not problem details").isEmpty();
		assertThat(notListed).as("4xx answers the document does not list for the operation").isEmpty();

		// Ranges the gateway ignores answer the whole file; one beyond it names the
		// length.
		String file = "/api/v1/cameras/" + cameraId + "/recordings/" + recordingId;
		for (String range : List.of("bytes=abc", "items=0-1", "bytes=0-1,5-9")) {
			HttpResponse<byte[]> whole = fetch(file, owner.token(), "Range", range);
			assertThat(whole.statusCode()).as(range).isEqualTo(200);
			assertThat(whole.body()).as(range).isEqualTo(chunk);
		}
		HttpResponse<byte[]> beyond = fetch(file + "/thumbnail.jpg", owner.token(), "Range", "bytes=999999-");
		assertThat(beyond.statusCode()).isEqualTo(416);
		assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + thumbnail.length);
		assertThat(beyond.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		// Nothing refused changed the camera's retention.
		boolean changed = outcomes.stream()
			.anyMatch((outcome) -> outcome.operation().startsWith("PUT ") && outcome.status() < 300);
		if (!changed) {
			assertThat(gateway.get("/api/v1/cameras/" + cameraId + "/retention", owner.auth()).json())
				.as("retention after refused changes")
				.isEqualTo(retentionBefore);
		}
	}

	record Request(String method, String pathAndQuery, String token, String body, String... headers) {

		Outcome send(String operation) throws Exception {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + this.pathAndQuery))
				.timeout(Duration.ofSeconds(30))
				.method(this.method, (this.body != null) ? HttpRequest.BodyPublishers.ofString(this.body)
						: HttpRequest.BodyPublishers.noBody());
			if (this.token != null) {
				request.header("Authorization", "Bearer " + this.token);
			}
			if (this.body != null) {
				request.header("Content-Type", "application/json");
			}
			for (int i = 0; i < this.headers.length; i += 2) {
				request.header(this.headers[i], this.headers[i + 1]);
			}
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			String described = this.method + " " + abbreviate(this.pathAndQuery)
					+ ((this.body != null) ? " body " + abbreviate(this.body) : "")
					+ ((this.headers.length > 0) ? " " + this.headers[0] + ": " + abbreviate(this.headers[1]) : "")
					+ ((this.token == null) ? " (no token)" : "");
			return new Outcome(operation, described, response.statusCode(),
					response.headers().firstValue("Content-Type").orElse(""), response.body());
		}

	}

	static HttpResponse<byte[]> fetch(String path, String token, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * A file of the chunk starting at {@code start}, where the storage layout puts it.
	 */
	static byte[] write(String cameraId, long start, String suffix, int length) throws IOException {
		byte[] content = new byte[length];
		new Random(start + length).nextBytes(content);
		String day = DateTimeFormatter.ofPattern("yyyy/MM/dd")
			.withZone(ZoneOffset.UTC)
			.format(Instant.ofEpochMilli(start));
		Path file = SharedPlatform.dataDir()
			.resolve("storage/recordings")
			.resolve(cameraId)
			.resolve(day)
			.resolve(start + suffix);
		Files.createDirectories(file.getParent());
		Files.write(file, content);
		return content;
	}

}
