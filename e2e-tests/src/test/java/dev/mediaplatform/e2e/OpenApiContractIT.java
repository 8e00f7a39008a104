package dev.mediaplatform.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.RtspTestCamera;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI documents against the running platform: every documented operation called
 * through the gateway, by an owner, a viewer and a stranger, with valid requests and
 * refused ones (400, 401, 403, 404, ...), and every real request and answer checked by
 * Atlassian's OpenAPI validator against the document the gateway serves, every check at
 * the error level: an undocumented property is an error too (the problem detail declares
 * extension members, which RFC 9457 allows). Requests sent to be refused are not
 * themselves valid, so only their answers are validated.
 */
class OpenApiContractIT {

	static final String PASSWORD = "a long enough password";

	static final Duration WAIT = Duration.ofSeconds(60);

	static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	static final Pattern SEGMENT = Pattern.compile("(?m)^([A-Za-z0-9_-]+\\.(?:ts|m4s|mp4))$");

	static ApiClient gateway;

	static RtspTestCamera camera;

	@BeforeAll
	static void platform() {
		gateway = SharedPlatform.gateway();
		camera = RtspTestCamera.start(RtspTestCamera.Options.defaults());
	}

	@AfterAll
	static void stopCamera() {
		if (camera != null) {
			camera.close();
		}
	}

	@Test
	void shouldServeDocumentsThatParseAndNameTheGatewayAsTheirServer() {
		for (String name : List.of("auth", "cameras")) {
			Contract contract = Contract.fetch(name);
			assertThat(contract.parseMessages).as(name).isEmpty();
			assertThat(contract.document.path("servers")).as(name).hasSize(1);
			assertThat(contract.document.path("servers").get(0).path("url").asString()).as(name).isEqualTo("/");
		}
	}

	@Test
	void shouldAnswerEveryAccountOperationAsDocumented() throws InterruptedException {
		Contract auth = Contract.fetch("auth");
		String alice = unique("oa");
		String bob = unique("ob");

		String aliceToken = auth.post("/register").json(credentials(alice, PASSWORD)).expect(200).path("token");
		auth.post("/register").json(credentials(alice, PASSWORD)).expect(409);
		auth.post("/register").json("{\"username\":\"" + bob + "\"}").refused().expect(400);
		Answer pair = auth.post("/api/v1/auth/register").json(credentials(bob, PASSWORD)).expect(201);
		auth.post("/api/v1/auth/register").json(credentials("no", PASSWORD)).refused().expect(400);

		auth.post("/login").json(credentials(alice, PASSWORD)).expect(200);
		auth.post("/login").json(credentials(alice, "not the password")).expect(401);
		// A session of its own: the registration's ends below (its refresh token
		// presented twice).
		String bobToken = auth.post("/api/v1/auth/login")
			.json(credentials(bob, PASSWORD))
			.expect(200)
			.path("accessToken");
		auth.post("/api/v1/auth/login").json(credentials(bob, "not the password")).expect(401);
		auth.post("/api/v1/auth/login").json("{\"username\":7,\"password\":\"x\"}").refused().expect(400);

		String refresh = pair.path("refreshToken");
		auth.post("/api/v1/auth/refresh").json(Map.of("refreshToken", refresh)).expect(200);
		auth.post("/api/v1/auth/refresh").json(Map.of("refreshToken", refresh)).expect(401);
		// A refresh token presented twice ends its session: within a second or so (the
		// gateway hears it on Kafka), the session's access tokens are refused.
		String ended = pair.path("accessToken");
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (SharedPlatform.gateway().get("/api/v1/users/me", ApiClient.bearer(ended)).status() != 401
				&& System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		auth.get("/api/v1/users/me").as(ended).refused().expect(401);
		auth.post("/api/v1/auth/refresh").json("{}").refused().expect(400);
		String another = auth.post("/api/v1/auth/login")
			.json(credentials(bob, PASSWORD))
			.expect(200)
			.path("refreshToken");
		auth.post("/api/v1/auth/logout").json(Map.of("refreshToken", another)).expect(204);
		auth.post("/api/v1/auth/logout").body("text/plain", "x").refused().expect(415);

		auth.get("/.well-known/jwks.json").expect(200);
		auth.get("/self").as(aliceToken).expect(200);
		auth.get("/self").refused().expect(401);
		String bobId = auth.get("/api/v1/users/me").as(bobToken).expect(200).path("id");
		auth.get("/api/v1/users/me").as("not-a-token").refused().expect(401);

		auth.get("/api/v1/users/lookup").as(aliceToken).query("username", bob.toUpperCase()).expect(200);
		auth.get("/api/v1/users/lookup").as(aliceToken).query("username", unique("nobody")).expect(404);
		auth.get("/api/v1/users/lookup").as(aliceToken).refused().expect(400);

		String admin = adminToken(auth);
		auth.get("/users").as(admin).expect(200);
		auth.get("/users").as(aliceToken).expect(403);
		auth.get("/api/v1/users")
			.as(admin)
			.query("page", "0")
			.query("size", "5")
			.query("sort", "username,desc")
			.expect(200);
		auth.get("/api/v1/users").as(admin).query("sort", "noSuchProperty").expect(400);
		auth.get("/api/v1/users").as(aliceToken).expect(403);

		String carolToken = auth.post("/register").json(credentials(unique("oc"), PASSWORD)).expect(200).path("token");
		auth.delete("/api/v1/users/me").as(carolToken).expect(204);
		auth.get("/api/v1/users/me").as(carolToken).expect(401);
		auth.delete("/api/v1/users/{id}", bobId).as(aliceToken).expect(403);
		auth.delete("/api/v1/users/{id}", bobId).as(admin).expect(204);
		auth.delete("/api/v1/users/{id}", bobId).as(admin).expect(404);

		auth.assertHonoured();
	}

	@Test
	void shouldAnswerEveryCameraOperationAsDocumented() throws Exception {
		Contract cameras = Contract.fetch("cameras");
		TestUser alice = TestUser.register(gateway, "oa");
		TestUser bob = TestUser.register(gateway, "ob");
		TestUser carol = TestUser.register(gateway, "oc");

		// Cameras: added, listed, read, changed.
		Answer added = cameras.post("/api/v1/cameras")
			.as(alice.token())
			.json(Map.of("name", "Porch", "rtspUrl", camera.url(1)))
			.expect(201);
		String id = added.path("id");
		assertThat(added.header("Location")).isEqualTo("/api/v1/cameras/" + id);
		cameras.post("/api/v1/cameras").as(alice.token()).json(Map.of("rtspUrl", camera.url(1))).refused().expect(400);
		cameras.post("/api/v1/cameras").json(Map.of("name", "Porch", "rtspUrl", camera.url(1))).refused().expect(401);
		String spare = cameras.post("/addCamera")
			.as(alice.token())
			.json(Map.of("name", "Spare", "rtspUrl", "rtsp://127.0.0.1:9/none", "transport", "udp"))
			.expect(200)
			.path("id");
		cameras.get("/cameras").as(alice.token()).expect(200);
		cameras.get("/api/v1/cameras")
			.as(alice.token())
			.query("page", "0")
			.query("size", "10")
			.query("sort", "name,desc")
			.expect(200);
		cameras.get("/api/v1/cameras").as(alice.token()).query("sort", "owner").expect(400);
		cameras.get("/api/v1/cameras/{id}", id).as(alice.token()).expect(200);
		cameras.get("/api/v1/cameras/{id}", id).as(carol.token()).expect(404);
		cameras.patch("/api/v1/cameras/{id}", id).as(alice.token()).json(Map.of("name", "Front porch")).expect(200);

		// Sharing: bob watches the porch and operates the spare camera.
		cameras.put("/api/v1/cameras/{id}/shares", id)
			.as(alice.token())
			.json(Map.of("username", bob.name()))
			.expect(200);
		cameras.put("/api/v1/cameras/{id}/shares", id)
			.as(alice.token())
			.json(Map.of("username", unique("nobody")))
			.expect(404);
		cameras.put("/api/v1/cameras/{id}/shares", id)
			.as(bob.token())
			.json(Map.of("username", carol.name()))
			.expect(403);
		Answer shares = cameras.get("/api/v1/cameras/{id}/shares", id).as(alice.token()).expect(200);
		String bobId = shares.json().get(0).path("userId").asString();
		cameras.get("/api/v1/cameras/{id}/shares", id).as(bob.token()).expect(403);
		cameras.patch("/api/v1/cameras/{id}", id).as(bob.token()).json(Map.of("name", "Mine")).expect(403);
		cameras.post("/shareCamera")
			.as(alice.token())
			.json(Map.of("cameraId", spare, "username", bob.name(), "role", "operator"))
			.expect(200);
		cameras.post("/shareCamera")
			.as(bob.token())
			.json(Map.of("cameraId", spare, "username", carol.name()))
			.expect(403);
		cameras.post("/shareCamera")
			.as(carol.token())
			.json(Map.of("cameraId", spare, "username", carol.name()))
			.expect(404);

		// Live: started, played by bearer token and by signed URL.
		cameras.put("/api/v1/cameras/{id}/stream", id).as(alice.token()).json(Map.of("streaming", true)).expect(200);
		cameras.put("/api/v1/cameras/{id}/stream", id).as(bob.token()).json(Map.of("streaming", false)).expect(403);
		cameras.put("/api/v1/cameras/{id}/stream", id).as(alice.token()).json("{}").refused().expect(400);
		String streamUrl = cameras.get("/api/v1/cameras/{id}/stream", id).as(bob.token()).expect(200).path("streamUrl");
		cameras.post("/startStream").as(alice.token()).json(Map.of("cameraId", id)).expect(200);
		cameras.post("/startStream").as(carol.token()).json(Map.of("cameraId", id)).expect(404);
		awaitStatus("/streams/" + id + "/index.m3u8", bob.token(), 200);
		// Low-Latency HLS: the playlist is there from the first part; a blocking reload
		// waits for the first
		// segment, and one too far ahead is refused.
		Answer playlist = cameras.get("/streams/{cameraId}/{file}", id, "index.m3u8")
			.as(bob.token())
			.query("_HLS_msn", "0")
			.expect(200);
		String segment = firstSegment(playlist.text());
		cameras.get("/streams/{cameraId}/{file}", id, "index.m3u8")
			.as(bob.token())
			.query("_HLS_msn", "999999")
			.expect(400);
		cameras.get("/streams/{cameraId}/{file}", id, "index.m3u8").as(bob.token()).query("_HLS_part", "1").expect(400);
		cameras.get("/streams/{cameraId}/{file}", id, segment)
			.as(bob.token())
			.header("Range", "bytes=0-99")
			.expect(206);
		cameras.head("/streams/{cameraId}/{file}", id, "index.m3u8").as(bob.token()).expect(200);
		cameras.get("/streams/{cameraId}/{file}", id, "index.m3u8").as(carol.token()).expect(404);
		cameras.get("/streams/{cameraId}/{file}", id, "index.m3u8").refused().expect(401);
		String liveToken = streamUrl.split("/")[3];
		cameras.get("/streams/{cameraId}/{token}/{file}", id, liveToken, "index.m3u8").expect(200);
		cameras.get("/streams/{cameraId}/{token}/{file}", id, liveToken, segment).expect(200);
		cameras.head("/streams/{cameraId}/{token}/{file}", id, liveToken, "index.m3u8").expect(200);
		cameras.get("/streams/{cameraId}/{token}/{file}", id, forged(liveToken), "index.m3u8").expect(404);

		// Recording: switched on, listed, played back, downloaded, exported.
		cameras.put("/api/v1/cameras/{id}/recording", id).as(alice.token()).json(Map.of("enabled", true)).expect(200);
		cameras.put("/api/v1/cameras/{id}/recording", id).as(bob.token()).json(Map.of("enabled", false)).expect(403);
		cameras.get("/api/v1/cameras/{id}/recording", id).as(bob.token()).expect(200);
		cameras.post("/recordStream").as(bob.token()).json(Map.of("cameraId", id, "enabled", false)).expect(403);
		List<JsonNode> chunks = awaitChunks(alice, id, (chunk) -> chunk.path("complete").asBoolean());
		JsonNode first = chunks.get(0);
		String recordingId = first.path("id").asString();
		String from = first.path("startedAt").asString();
		String to = first.path("endedAt").asString();
		cameras.get("/api/v1/cameras/{id}/recordings", id)
			.as(bob.token())
			.query("from", from)
			.query("page", "0")
			.query("size", "20")
			.expect(200);
		cameras.get("/api/v1/cameras/{id}/recordings", id)
			.as(bob.token())
			.query("from", "yesterday")
			.refused()
			.expect(400);
		cameras.get("/api/v1/cameras/{id}/recordings", id).as(carol.token()).expect(404);
		Answer timeline = cameras.get("/api/v1/cameras/{id}/recordings/timeline", id)
			.as(bob.token())
			.query("from", from)
			.query("to", to)
			.expect(200);
		cameras.get("/api/v1/cameras/{id}/recordings/timeline", id)
			.as(bob.token())
			.query("from", to)
			.query("to", from)
			.expect(400);
		cameras.get("/api/v1/cameras/{id}/recordings/playback.m3u8", id)
			.as(bob.token())
			.query("from", from)
			.query("to", to)
			.expect(200);
		cameras.get("/api/v1/cameras/{id}/recordings/playback.m3u8", id).as(bob.token()).refused().expect(400);
		cameras.get("/api/v1/cameras/{id}/recordings/{recordingId}", id, recordingId).as(bob.token()).expect(200);
		cameras.get("/api/v1/cameras/{id}/recordings/{recordingId}", id, recordingId)
			.as(bob.token())
			.header("Range", "bytes=0-99")
			.expect(206);
		cameras.get("/api/v1/cameras/{id}/recordings/{recordingId}", id, recordingId)
			.as(bob.token())
			.header("Range", "bytes=999999999-")
			.expect(416);
		cameras.head("/api/v1/cameras/{id}/recordings/{recordingId}", id, recordingId + ".mp4")
			.as(bob.token())
			.expect(200);
		cameras.get("/api/v1/cameras/{id}/recordings/{recordingId}", id, recordingId).as(carol.token()).expect(404);
		cameras.get("/api/v1/cameras/{id}/recordings/{recordingId}", id, recordingId).refused().expect(401);
		cameras.get("/api/v1/cameras/{id}/recordings/{recordingId}/thumbnail.jpg", id, recordingId)
			.as(bob.token())
			.expect(200);
		cameras.head("/api/v1/cameras/{id}/recordings/{recordingId}/thumbnail.jpg", id, recordingId)
			.as(bob.token())
			.expect(200);
		cameras.get("/api/v1/cameras/{id}/recordings/export.mp4", id)
			.as(bob.token())
			.query("from", from)
			.query("to", to)
			.expect(200);
		cameras.get("/api/v1/cameras/{id}/recordings/export.mp4", id)
			.as(bob.token())
			.query("from", "yesterday")
			.query("to", to)
			.refused()
			.expect(400);

		// The same by signed URL, as players that cannot send a header use them.
		String folderToken = timeline.path("recordingsUrl").split("/")[3];
		cameras.get("/recordings/{cameraId}/{token}/playback.m3u8", id, folderToken).query("from", from).expect(200);
		cameras.get("/recordings/{cameraId}/{token}/playback.m3u8", id, forged(folderToken))
			.query("from", from)
			.expect(404);
		cameras.get("/recordings/{cameraId}/{token}/{recordingId}", id, folderToken, recordingId + ".mp4")
			.header("Range", "bytes=0-99")
			.expect(206);
		cameras.head("/recordings/{cameraId}/{token}/{recordingId}", id, folderToken, recordingId).expect(200);
		cameras.get("/recordings/{cameraId}/{token}/{recordingId}", id, forged(folderToken), recordingId).expect(404);
		cameras.get("/recordings/{cameraId}/{token}/{recordingId}/thumbnail.jpg", id, folderToken, recordingId)
			.expect(200);
		cameras.head("/recordings/{cameraId}/{token}/{recordingId}/thumbnail.jpg", id, folderToken, recordingId)
			.expect(200);
		cameras.get("/recordings/{cameraId}/{token}/export.mp4", id, folderToken)
			.query("from", from)
			.query("to", to)
			.expect(200);
		cameras.get("/recordings/{cameraId}/{token}/export.mp4", id, folderToken)
			.query("from", from)
			.refused()
			.expect(400);

		// Retention and deletion.
		cameras.get("/api/v1/cameras/{id}/retention", id).as(bob.token()).expect(200);
		cameras.put("/api/v1/cameras/{id}/retention", id)
			.as(alice.token())
			.json("{\"maxAgeDays\":30,\"maxBytes\":null}")
			.expect(200);
		cameras.put("/api/v1/cameras/{id}/retention", id).as(bob.token()).json(Map.of("maxAgeDays", 1)).expect(403);
		cameras.put("/api/v1/cameras/{id}/retention", id)
			.as(alice.token())
			.json(Map.of("maxAgeDays", 0))
			.refused()
			.expect(400);
		// One that started under 2 s ago: it is still being written when the deletion
		// comes.
		String open = awaitChunks(alice, id,
				(chunk) -> !chunk.path("complete").asBoolean()
						&& Instant.parse(chunk.path("startedAt").asString()).isAfter(Instant.now().minusSeconds(2)))
			.get(0)
			.path("id")
			.asString();
		cameras.delete("/api/v1/cameras/{id}/recordings/{recordingId}", id, open).as(alice.token()).expect(409);
		cameras.delete("/api/v1/cameras/{id}/recordings/{recordingId}", id, recordingId).as(bob.token()).expect(403);
		cameras.delete("/api/v1/cameras/{id}/recordings/{recordingId}", id, recordingId).as(alice.token()).expect(204);
		cameras.delete("/api/v1/cameras/{id}/recordings/{recordingId}", id, recordingId).as(alice.token()).expect(404);
		cameras.post("/recordStream").as(alice.token()).json(Map.of("cameraId", id, "enabled", false)).expect(200);
		cameras.post("/stopStream").as(alice.token()).json(Map.of("cameraId", id)).expect(200);
		cameras.post("/stopStream").as(bob.token()).json(Map.of("cameraId", id)).expect(403);

		// Sharing ends, cameras go.
		cameras.delete("/api/v1/cameras/{id}/shares/{userId}", id, bobId).as(alice.token()).expect(204);
		cameras.delete("/api/v1/cameras/{id}/shares/{userId}", id, bobId).as(alice.token()).expect(404);
		cameras.delete("/api/v1/cameras/{id}/shares/{userId}", spare, bobId).as(carol.token()).expect(404);
		cameras.post("/deleteCamera").as(bob.token()).json(Map.of("cameraId", spare)).expect(403);
		cameras.post("/deleteCamera").as(alice.token()).json(Map.of("cameraId", spare)).expect(200);
		cameras.post("/deleteCamera").as(alice.token()).json("{}").refused().expect(400);
		cameras.delete("/api/v1/cameras/{id}", id).as(carol.token()).expect(404);
		cameras.delete("/api/v1/cameras/{id}", id).as(alice.token()).expect(204);
		cameras.get("/api/v1/cameras/{id}", id).as(alice.token()).expect(404);

		cameras.assertHonoured();
	}

	static String unique(String prefix) {
		return prefix + UUID.randomUUID().toString().substring(0, 8);
	}

	static Map<String, String> credentials(String username, String password) {
		return Map.of("username", username, "password", password);
	}

	/**
	 * The administrator of the shared platform, registered by whichever test asks first.
	 */
	static String adminToken(Contract auth) {
		Map<String, String> admin = credentials(SharedPlatform.ADMIN, PASSWORD);
		ApiClient.Response login = gateway.post("/login", admin);
		return (login.status() == 200) ? login.json().path("token").asString()
				: auth.post("/register").json(admin).expect(200).path("token");
	}

	static String forged(String token) {
		return token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
	}

	static String firstSegment(String playlist) {
		Matcher segment = SEGMENT.matcher(playlist);
		assertThat(segment.find()).as(playlist).isTrue();
		return segment.group(1);
	}

	/** Waits, without validating (the calls that count come after), for a status. */
	static void awaitStatus(String path, String token, int status) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (gateway.get(path, ApiClient.bearer(token)).status() != status) {
			assertThat(System.nanoTime()).as(path + " answering " + status).isLessThan(deadline);
			Thread.sleep(500);
		}
	}

	/** The camera's recordings, once one of them matches. */
	static List<JsonNode> awaitChunks(TestUser user, String cameraId, Predicate<JsonNode> wanted)
			throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (true) {
			ApiClient.Response list = gateway.get("/api/v1/cameras/" + cameraId + "/recordings", user.auth());
			List<JsonNode> matching = new ArrayList<>();
			list.json().path("content").forEach((chunk) -> {
				if (wanted.test(chunk)) {
					matching.add(chunk);
				}
			});
			if (!matching.isEmpty()) {
				return matching;
			}
			assertThat(System.nanoTime()).as("recordings of " + cameraId + ": " + list.body()).isLessThan(deadline);
			Thread.sleep(500);
		}
	}

	/**
	 * One document as the gateway serves it, its validator, and what the calls made
	 * against it found.
	 */
	static final class Contract {

		final String name;

		final JsonNode document;

		final List<String> parseMessages;

		final OpenApiInteractionValidator validator;

		final Set<String> documented = new TreeSet<>();

		final Set<String> called = new TreeSet<>();

		final List<String> violations = new ArrayList<>();

		private Contract(String name, JsonNode document, List<String> parseMessages,
				OpenApiInteractionValidator validator) {
			this.name = name;
			this.document = document;
			this.parseMessages = parseMessages;
			this.validator = validator;
			document.path("paths")
				.properties()
				.forEach((path) -> path.getValue()
					.propertyNames()
					.stream()
					.filter((method) -> !"parameters".equals(method))
					.forEach((method) -> this.documented.add(method.toUpperCase() + " " + path.getKey())));
		}

		static Contract fetch(String name) {
			ApiClient.Response served = gateway.get("/v3/api-docs/" + name);
			assertThat(served.status()).as(served.body()).isEqualTo(200);
			SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served.body(), null, null);
			List<String> messages = (parsed.getMessages() != null) ? parsed.getMessages() : List.of();
			JsonNode document = served.json();
			OpenApiInteractionValidator validator = OpenApiInteractionValidator
				.createForInlineApiSpecification(served.body())
				.withLevelResolver(LevelResolver.create().withDefaultLevel(ValidationReport.Level.ERROR).build())
				.build();
			return new Contract(name, document, messages, validator);
		}

		Call get(String template, String... arguments) {
			return new Call(this, "GET", template, arguments);
		}

		Call head(String template, String... arguments) {
			return new Call(this, "HEAD", template, arguments);
		}

		Call post(String template, String... arguments) {
			return new Call(this, "POST", template, arguments);
		}

		Call put(String template, String... arguments) {
			return new Call(this, "PUT", template, arguments);
		}

		Call patch(String template, String... arguments) {
			return new Call(this, "PATCH", template, arguments);
		}

		Call delete(String template, String... arguments) {
			return new Call(this, "DELETE", template, arguments);
		}

		synchronized void record(String operation, String violation) {
			this.called.add(operation);
			if (violation != null) {
				this.violations.add(violation);
			}
		}

		/**
		 * Every documented operation was called, and every exchange was as documented.
		 */
		void assertHonoured() {
			assertThat(this.violations)
				.as("exchanges that break the %s document:%n%s", this.name, String.join("\n\n", this.violations))
				.isEmpty();
			assertThat(this.called).as("operations called that the %s document does not have", this.name)
				.isSubsetOf(this.documented);
			Set<String> uncalled = new TreeSet<>(this.documented);
			uncalled.removeAll(this.called);
			assertThat(uncalled).as("documented operations of %s this test did not call", this.name).isEmpty();
		}

	}

	/** One request through the gateway, validated with its answer. */
	static final class Call {

		private final Contract contract;

		private final String method;

		private final String template;

		private final String path;

		private final Map<String, String> query = new LinkedHashMap<>();

		private final Map<String, String> headers = new LinkedHashMap<>();

		private String body;

		private boolean refused;

		Call(Contract contract, String method, String template, String... arguments) {
			this.contract = contract;
			this.method = method;
			this.template = template;
			String path = template;
			for (String argument : arguments) {
				path = path.replaceFirst("\\{[^}]+}", Matcher.quoteReplacement(argument));
			}
			this.path = path;
		}

		Call as(String token) {
			return header("Authorization", "Bearer " + token);
		}

		Call header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		Call query(String name, String value) {
			this.query.put(name, value);
			return this;
		}

		Call json(Object body) {
			return body("application/json",
					(body instanceof String text) ? text : ApiClient.json.writeValueAsString(body));
		}

		Call body(String contentType, String body) {
			this.body = body;
			return header("Content-Type", contentType);
		}

		/**
		 * The request is sent to be refused and is itself not as documented: only the
		 * answer is validated.
		 */
		Call refused() {
			this.refused = true;
			return this;
		}

		Answer expect(int status) {
			String target = this.path + (this.query.isEmpty() ? "" : "?" + this.query.entrySet()
				.stream()
				.map((entry) -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&")));
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + target))
				.timeout(Duration.ofSeconds(30))
				.method(this.method, (this.body != null) ? HttpRequest.BodyPublishers.ofString(this.body)
						: HttpRequest.BodyPublishers.noBody());
			this.headers.forEach(request::header);
			HttpResponse<byte[]> response;
			try {
				response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			Answer answer = new Answer(response);
			String exchange = this.method + " " + target + " -> " + response.statusCode();
			ValidationReport report = this.refused ? this.contract.validator.validateResponse(this.path,
					Request.Method.valueOf(this.method), validated(response))
					: this.contract.validator.validate(validated(), validated(response));
			this.contract.record(this.method + " " + this.template, report.hasErrors()
					? exchange + "\n" + SimpleValidationReportFormat.getInstance().apply(report) : null);
			assertThat(response.statusCode()).as(exchange + ": " + answer.text()).isEqualTo(status);
			return answer;
		}

		private SimpleRequest validated() {
			SimpleRequest.Builder request = new SimpleRequest.Builder(this.method, this.path);
			this.headers.forEach(request::withHeader);
			this.query.forEach(request::withQueryParam);
			if (this.body != null) {
				request.withBody(this.body);
			}
			return request.build();
		}

		private static SimpleResponse validated(HttpResponse<byte[]> response) {
			SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode());
			response.headers().map().forEach(answer::withHeader);
			if (response.body().length > 0) {
				answer.withBody(response.body());
			}
			return answer.build();
		}

	}

	/** What the gateway answered. */
	record Answer(HttpResponse<byte[]> response) {

		String text() {
			return new String(this.response.body(), StandardCharsets.UTF_8);
		}

		JsonNode json() {
			return ApiClient.json.readTree(text());
		}

		/** A string property of a JSON answer. */
		String path(String property) {
			return json().path(property).asString();
		}

		String header(String name) {
			return this.response.headers().firstValue(name).orElse(null);
		}

	}

}
