package dev.mediaplatform.gateway.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mediaplatform.gateway.TestServices;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.mediaplatform.streamurl.StreamUrlKey;
import dev.mediaplatform.streamurl.StreamUrlToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real gateway serving recording chunks from a storage folder laid out as the stream
 * workers write it, in front of a stand-in auth-service (JWKS) and camera-service (who
 * may see which camera, and the recording routes the gateway leaves to it): alice may
 * watch her cameras, bob is a stranger to them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RecordingDeliveryTests {

	static final Path root = Path.of("target/recording-delivery-tests", UUID.randomUUID().toString()).toAbsolutePath();

	static final Path storage = root.resolve("storage");

	static final KeyPair signingKeys = TestServices.rsa();

	static final WireMockServer services = TestServices.start(signingKeys);

	static final String alice = token("alice-id");

	static final String bob = token("bob-id");

	static final String SECRET = "TOP-SECRET";

	/** Recording ids that differ between tests: 2026-03-05T07:08:09.123Z and on. */
	static final AtomicLong nextStart = new AtomicLong(Instant.parse("2026-03-05T07:08:09.123Z").toEpochMilli());

	@LocalServerPort
	int port;

	WebTestClient http;

	@DynamicPropertySource
	static void platform(DynamicPropertyRegistry registry) {
		registry.add("gateway.streams.storage-dir", storage::toString);
		registry.add("gateway.streams.key-file", () -> root.resolve("stream-url.key").toString());
		registry.add("gateway.streams.generate-key", () -> "true");
		TestServices.discover(registry, services);
	}

	@AfterAll
	static void stopServices() {
		services.stop();
	}

	@BeforeEach
	void client() {
		this.http = TestServices.client(this.port);
	}

	/** A chunk a worker wrote for a camera, where the storage layout says it is. */
	record Chunk(String cameraId, long startMillis, byte[] content, Path file) {

		String path() {
			return "/api/v1/cameras/" + this.cameraId + "/recordings/" + this.startMillis;
		}

		Path marker() {
			return this.file.getParent()
				.getParent()
				.getParent()
				.getParent()
				.resolve(".open")
				.resolve(Long.toString(this.startMillis));
		}

	}

	/** A complete chunk of alice's camera. */
	static Chunk alicesChunk() {
		String cameraId = UUID.randomUUID().toString();
		allow(alice, cameraId);
		return chunk(cameraId);
	}

	static Chunk chunk(String cameraId) {
		long start = nextStart.getAndAdd(1);
		byte[] content = new byte[4096];
		new Random(start).nextBytes(content);
		// The layout spelled out as the workers' contract says, not computed by the
		// gateway's code.
		Path file = storage.resolve("recordings/" + cameraId + "/2026/03/05/" + start + ".mp4");
		write(file, content);
		return new Chunk(cameraId, start, content, file);
	}

	/** camera-service lets this token's user see the camera. */
	static void allow(String token, String cameraId) {
		services.stubFor(get(urlPathEqualTo("/api/v1/cameras/" + cameraId))
			.withHeader("Authorization", equalTo("Bearer " + token))
			.atPriority(1)
			.willReturn(okJson("{\"id\":\"" + cameraId + "\"}")));
	}

	WebTestClient.ResponseSpec getWith(String token, String path, String... headers) {
		WebTestClient.RequestHeadersSpec<?> request = this.http.get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		for (int i = 0; i < headers.length; i += 2) {
			request = request.header(headers[i], headers[i + 1]);
		}
		return request.exchange();
	}

	@Nested
	class ToAUserWhoMayWatch {

		@Test
		void shouldServeTheWholeChunkAsMp4ToKeepAndToPlayInline() {
			Chunk chunk = alicesChunk();

			getWith(alice, chunk.path()).expectStatus()
				.isOk()
				.expectHeader()
				.contentType("video/mp4")
				.expectHeader()
				.contentLength(chunk.content().length)
				.expectHeader()
				.valueEquals("Accept-Ranges", "bytes")
				.expectHeader()
				.value("Cache-Control",
						(value) -> assertThat(value.split(",\\s*")).containsExactlyInAnyOrder("max-age=86400",
								"private"))
				.expectHeader()
				.valueEquals("Content-Disposition",
						"inline; filename=\"" + chunk.cameraId() + "-20260305T070809."
								+ String.format("%03d", chunk.startMillis() % 1000) + "Z.mp4\"")
				.expectBody(byte[].class)
				.isEqualTo(chunk.content());
		}

		@Test
		void shouldServeTheChunkByTheNameAPlaybackPlaylistGivesIt() {
			Chunk chunk = alicesChunk();

			getWith(alice, chunk.path() + ".mp4").expectStatus()
				.isOk()
				.expectHeader()
				.contentType("video/mp4")
				.expectBody(byte[].class)
				.isEqualTo(chunk.content());
			getWith(alice, chunk.path() + ".mp4.mp4").expectStatus().isNotFound();
			getWith(alice, chunk.path() + ".ts").expectStatus().isNotFound();
		}

		@Test
		void shouldAnswerARangeWithPartialContent() {
			Chunk chunk = alicesChunk();

			getWith(alice, chunk.path(), "Range", "bytes=0-99").expectStatus()
				.isEqualTo(206)
				.expectHeader()
				.valueEquals("Content-Range", "bytes 0-99/4096")
				.expectHeader()
				.contentLength(100)
				.expectHeader()
				.contentType("video/mp4")
				.expectBody(byte[].class)
				.isEqualTo(Arrays.copyOfRange(chunk.content(), 0, 100));
			getWith(alice, chunk.path(), "Range", "bytes=4000-").expectStatus()
				.isEqualTo(206)
				.expectHeader()
				.valueEquals("Content-Range", "bytes 4000-4095/4096")
				.expectBody(byte[].class)
				.isEqualTo(Arrays.copyOfRange(chunk.content(), 4000, 4096));
		}

		@Test
		void shouldAnswerAnUnsatisfiableRangeWithAProblemNamingTheLength() {
			Chunk chunk = alicesChunk();

			WebTestClient.ResponseSpec response = getWith(alice, chunk.path(), "Range", "bytes=5000-6000");

			TestServices.assertProblem(response, 416);
			response.expectHeader().valueEquals("Content-Range", "bytes */4096");
		}

		@Test
		void shouldAnswerHeadWithTheLengthAndNoBody() {
			Chunk chunk = alicesChunk();

			RecordingDeliveryTests.this.http.head()
				.uri(chunk.path())
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + alice)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType("video/mp4")
				.expectHeader()
				.contentLength(4096)
				.expectHeader()
				.valueEquals("Accept-Ranges", "bytes")
				.expectBody()
				.isEmpty();
		}

		@Test
		void shouldAskCameraServiceOnceForTheRequestsOfAPlayback() {
			Chunk chunk = alicesChunk();

			getWith(alice, chunk.path(), "Range", "bytes=0-99").expectStatus().isEqualTo(206);
			getWith(alice, chunk.path(), "Range", "bytes=100-199").expectStatus().isEqualTo(206);
			getWith(alice, chunk.path()).expectStatus().isOk();

			services.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/cameras/" + chunk.cameraId()))
				.withHeader("Authorization", equalTo("Bearer " + alice)));
		}

		@Test
		void shouldServeAChunkBeingWrittenAsFarAsItsFragmentsAreCompleteAndNeverCacheIt() {
			byte[] three = GrowingChunks.chunk(3);
			byte[] four = GrowingChunks.chunk(4);
			Chunk chunk = alicesChunk();
			// Three fragments written, the fourth half-way.
			write(chunk.file(), Arrays.copyOf(four, three.length + (four.length - three.length) / 2));
			write(chunk.marker(), new byte[0]);

			getWith(alice, chunk.path()).expectStatus()
				.isOk()
				.expectHeader()
				.value("Cache-Control", (value) -> assertThat(value).contains("no-cache").doesNotContain("max-age"))
				.expectHeader()
				.contentLength(three.length)
				.expectBody(byte[].class)
				.isEqualTo(three);
			getWith(alice, chunk.path() + ".mp4", "Range", "bytes=" + (three.length - 108) + "-").expectStatus()
				.isEqualTo(206)
				.expectHeader()
				.valueEquals("Content-Range",
						"bytes " + (three.length - 108) + "-" + (three.length - 1) + "/" + three.length)
				.expectBody(byte[].class)
				.isEqualTo(Arrays.copyOfRange(three, three.length - 108, three.length));
			TestServices.assertProblem(getWith(alice, chunk.path(), "Range", "bytes=" + three.length + "-"), 416);
			RecordingDeliveryTests.this.http.head()
				.uri(chunk.path())
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + alice)
				.exchange()
				.expectHeader()
				.contentLength(three.length);

			// The fourth fragment completes: it is served too.
			write(chunk.file(), four);
			getWith(alice, chunk.path()).expectBody(byte[].class).isEqualTo(four);

			// Closed: the same name never changes again.
			remove(chunk.marker());
			getWith(alice, chunk.path()).expectStatus()
				.isOk()
				.expectHeader()
				.value("Cache-Control", (value) -> assertThat(value).contains("max-age=86400"));
		}

		@Test
		void shouldAnswerNotFoundForAChunkBeingWrittenWithNoFragmentCompleteYet() {
			Chunk chunk = alicesChunk();
			write(chunk.file(), GrowingChunks.chunk(0));
			write(chunk.marker(), new byte[0]);

			TestServices.assertProblem(getWith(alice, chunk.path()), 404);
		}

		@Test
		void shouldAnswerNotFoundForARecordingThatDoesNotExist() {
			Chunk chunk = alicesChunk();

			TestServices.assertProblem(getWith(alice, chunk.path() + "7"), 404);
			TestServices.assertProblem(getWith(alice, "/api/v1/cameras/" + chunk.cameraId() + "/recordings/0"), 404);
		}

	}

	@Nested
	class ToAnyoneElse {

		@Test
		void shouldAnswerAStrangerExactlyAsForARecordingThatDoesNotExist() {
			Chunk chunk = alicesChunk();
			String missing = "/api/v1/cameras/" + chunk.cameraId() + "/recordings/" + (chunk.startMillis() + 9);
			String noCamera = "/api/v1/cameras/" + UUID.randomUUID() + "/recordings/" + chunk.startMillis();

			JsonNode toStranger = TestServices.assertProblem(getWith(bob, chunk.path()), 404);
			JsonNode missingToOwner = TestServices.assertProblem(getWith(alice, missing), 404);
			JsonNode noCameraToStranger = TestServices.assertProblem(getWith(bob, noCamera), 404);

			assertThat(toStranger.path("detail")).isEqualTo(missingToOwner.path("detail"))
				.isEqualTo(noCameraToStranger.path("detail"));
			assertThat(toStranger.toString()).doesNotContain(chunk.cameraId() + "/2026");
			assertThat(statusOf(bob, chunk.path(), "Range", "bytes=0-99")).isEqualTo(404);
			assertThat(RecordingDeliveryTests.this.http.head()
				.uri(chunk.path())
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + bob)
				.exchange()
				.returnResult(Void.class)
				.getStatus()
				.value()).isEqualTo(404);
		}

		@Test
		void shouldRequireAValidToken() {
			Chunk chunk = alicesChunk();

			WebTestClient.ResponseSpec anonymous = RecordingDeliveryTests.this.http.get().uri(chunk.path()).exchange();
			TestServices.assertProblem(anonymous, 401);
			anonymous.expectHeader().valueMatches("WWW-Authenticate", "Bearer.*");
			TestServices.assertProblem(getWith("not-a-token", chunk.path()), 401);

			services.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/cameras/" + chunk.cameraId())));
		}

		@Test
		void shouldAnswerServiceUnavailableWhileCameraServiceCannotSayWithoutNamingIt() {
			Chunk chunk = alicesChunk();
			services.stubFor(get(urlPathEqualTo("/api/v1/cameras/" + chunk.cameraId())).atPriority(0)
				.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

			EntityExchangeResult<String> answer = getWith(alice, chunk.path()).expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader()
				.valueEquals("Retry-After", "5")
				.expectBody(String.class)
				.returnResult();

			String everything = answer.getResponseHeaders() + answer.getResponseBody();
			assertThat(everything).doesNotContain(Integer.toString(services.port()))
				.doesNotContain("camera-service:")
				.doesNotContain("Connection reset");
			assertThat(JsonMapper.shared().readTree(answer.getResponseBody()).path("status").asInt()).isEqualTo(503);
		}

	}

	@Nested
	class Routing {

		@Test
		void shouldAnswerAReadOfANameThatIsNoChunksAsAMissingRecording() {
			Chunk chunk = alicesChunk();
			String recordings = "/api/v1/cameras/" + chunk.cameraId() + "/recordings/";

			for (String name : List.of("1".repeat(16), "abc", "1e3", chunk.startMillis() + ".ts")) {
				TestServices.assertProblem(getWith(alice, recordings + name), 404);
				RecordingDeliveryTests.this.http.head()
					.uri(recordings + name)
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + alice)
					.exchange()
					.expectStatus()
					.isNotFound();
				services.verify(0, getRequestedFor(urlPathEqualTo(recordings + name)));
			}
		}

		@Test
		void shouldLeaveTheOtherRecordingRoutesToCameraService() {
			Chunk chunk = alicesChunk();
			String recordings = "/api/v1/cameras/" + chunk.cameraId() + "/recordings";
			for (String name : List.of("", "/timeline", "/playback.m3u8")) {
				services.stubFor(get(urlPathEqualTo(recordings + name)).atPriority(1)
					.willReturn(okJson("{\"from\":\"camera-service\"}")));
			}

			for (String name : List.of("", "/timeline", "/playback.m3u8")) {
				getWith(alice, recordings + name).expectStatus()
					.isOk()
					.expectBody(String.class)
					.isEqualTo("{\"from\":\"camera-service\"}");
				services.verify(getRequestedFor(urlPathEqualTo(recordings + name)).withHeader("X-User-Id",
						equalTo("alice-id")));
			}
		}

		@Test
		void shouldExportFromTheStorageItselfAndRefuseAnUnreadableRange() {
			Chunk chunk = alicesChunk();
			String export = "/api/v1/cameras/" + chunk.cameraId() + "/recordings/export.mp4";

			getWith(alice, export).expectStatus()
				.isBadRequest()
				.expectBody(String.class)
				.value((body) -> assertThat(body).contains("from is required"));
			getWith(alice, export + "?from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z").expectStatus()
				.isBadRequest()
				.expectBody(String.class)
				.value((body) -> assertThat(body).contains("at most 24 hours"));
			// Nothing recorded there (the test's chunk is not an MP4): a 404 problem.
			getWith(alice, export + "?from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z").expectStatus().isNotFound();
			getWith(bob, export + "?from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z").expectStatus().isNotFound();
			services.verify(0, getRequestedFor(urlPathEqualTo(export)));
		}

		@Test
		void shouldLeaveDeletingARecordingToCameraService() {
			Chunk chunk = alicesChunk();
			services.stubFor(delete(urlPathEqualTo(chunk.path())).willReturn(noContent()));

			RecordingDeliveryTests.this.http.method(HttpMethod.DELETE)
				.uri(chunk.path())
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + alice)
				.exchange()
				.expectStatus()
				.isNoContent();

			services.verify(deleteRequestedFor(urlPathEqualTo(chunk.path())));
			assertThat(chunk.file()).exists();
		}

		@Test
		void shouldNeverServeAFileOutsideTheCamerasRecordings() throws IOException {
			Chunk chunk = alicesChunk();
			Chunk other = chunk(UUID.randomUUID().toString());
			write(storage.resolve("secret.mp4"), SECRET.getBytes(StandardCharsets.UTF_8));
			write(storage.resolve("recordings/secret.mp4"), SECRET.getBytes(StandardCharsets.UTF_8));
			write(storage.resolve("recordings/" + chunk.cameraId() + "/secret.mp4"),
					SECRET.getBytes(StandardCharsets.UTF_8));
			Chunk linked = chunk(chunk.cameraId());
			Files.delete(linked.file());
			Files.createSymbolicLink(linked.file(), storage.resolve("secret.mp4"));
			String id = chunk.cameraId();
			String prefix = "/api/v1/cameras/" + id + "/recordings/";
			List<String> attempts = new ArrayList<>(List.of(prefix + "..%2F..%2F..%2Fsecret.mp4",
					prefix + "%2e%2e%2f%2e%2e%2fsecret.mp4", prefix + "%2E%2E/%2E%2E/secret.mp4",
					prefix + "../../../secret.mp4", prefix + "..%2fsecret.mp4", prefix + "secret.mp4",
					prefix + "secret", prefix + "../secret.mp4", prefix + chunk.startMillis() + "%2F..%2F..%2Fsecret",
					prefix + chunk.startMillis() + "%00", prefix + chunk.startMillis() + "%2F",
					prefix + "%2Fetc%2Fpasswd", prefix + "/etc/passwd", prefix + "%2F" + storage.resolve("secret.mp4"),
					prefix + "..%2F..%2F" + other.cameraId() + "%2F2026%2F03%2F05%2F" + other.startMillis(),
					prefix + "-1", prefix + "1e3", prefix + "0x10", prefix + "0" + chunk.startMillis(),
					prefix + chunk.startMillis() + ".mp4.mp4", prefix + linked.startMillis(), prefix + ".",
					prefix + "..", prefix + "%2e%2e", prefix + chunk.startMillis() + "%5C..%5Csecret",
					"/api/v1/cameras/" + id.toUpperCase() + "/recordings/" + chunk.startMillis(),
					"/api/v1/cameras/..%2F" + other.cameraId() + "/recordings/" + other.startMillis(),
					"/api/v1/cameras/" + id + "%2F..%2F" + other.cameraId() + "/recordings/" + other.startMillis(),
					"/api/v1/cameras/" + id + "/recordings/../../" + other.cameraId() + "/recordings/"
							+ other.startMillis(),
					"/api/v1/cameras//recordings/" + chunk.startMillis()));

			for (String attempt : attempts) {
				RawResponse response = raw(attempt, "Authorization: Bearer " + alice);
				assertThat(response.status()).as(attempt).isBetween(400, 499);
				assertThat(response.body()).as(attempt)
					.doesNotContain(SECRET)
					.doesNotContain("root:")
					.doesNotContain(new String(other.content(), StandardCharsets.ISO_8859_1))
					.doesNotContain(new String(chunk.content(), StandardCharsets.ISO_8859_1));
			}
			// The same client reads the camera's own chunk when the path is right.
			assertThat(raw(chunk.path(), "Authorization: Bearer " + alice).status()).isEqualTo(200);
		}

		@Test
		void shouldCheckTheCameraIdBeforeAskingAnyone() {
			Chunk chunk = alicesChunk();
			String upper = chunk.cameraId().toUpperCase();

			TestServices
				.assertProblem(getWith(alice, "/api/v1/cameras/" + upper + "/recordings/" + chunk.startMillis()), 404);
			TestServices.assertProblem(getWith(alice, "/api/v1/cameras/not-a-camera/recordings/" + chunk.startMillis()),
					404);

			services.verify(0, anyRequestedFor(urlPathMatching("/api/v1/cameras/(" + upper + "|not-a-camera).*")));
		}

	}

	@Nested
	class Cors {

		@Test
		void shouldLetAPlayerOnAnotherOriginReadPartialContentAndRefusals() {
			Chunk chunk = alicesChunk();

			RecordingDeliveryTests.this.http.options()
				.uri(chunk.path())
				.header("Origin", "https://player.example")
				.header("Access-Control-Request-Method", "GET")
				.header("Access-Control-Request-Headers", "authorization, range")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("Access-Control-Allow-Origin", "*")
				.expectHeader()
				.value("Access-Control-Allow-Methods", (methods) -> assertThat(methods).contains("GET", "HEAD"))
				.expectHeader()
				.value("Access-Control-Allow-Headers",
						(headers) -> assertThat(headers.toLowerCase()).contains("authorization", "range"));
			RecordingDeliveryTests.this.http.get()
				.uri(chunk.path())
				.header("Origin", "https://player.example")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + alice)
				.header("Range", "bytes=0-99")
				.exchange()
				.expectStatus()
				.isEqualTo(206)
				.expectHeader()
				.valueEquals("Access-Control-Allow-Origin", "*")
				.expectHeader()
				.value("Access-Control-Expose-Headers",
						(headers) -> assertThat(headers).contains("Content-Length", "Content-Range", "Accept-Ranges"));
			RecordingDeliveryTests.this.http.get()
				.uri(chunk.path())
				.header("Origin", "https://player.example")
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.valueEquals("Access-Control-Allow-Origin", "*");
		}

		@Test
		void shouldLetAPlayerOnAnotherOriginAskForThePlaybackPlaylist() {
			Chunk chunk = alicesChunk();

			RecordingDeliveryTests.this.http.options()
				.uri("/api/v1/cameras/" + chunk.cameraId() + "/recordings/playback.m3u8?from=2026-01-01T00:00:00Z")
				.header("Origin", "https://player.example")
				.header("Access-Control-Request-Method", "GET")
				.header("Access-Control-Request-Headers", "authorization")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("Access-Control-Allow-Origin", "*");
		}

		@Test
		void shouldLeaveTheRestOfTheApiWithoutCors() {
			Chunk chunk = alicesChunk();

			RecordingDeliveryTests.this.http.options()
				.uri("/api/v1/cameras/" + chunk.cameraId() + "/recordings/timeline")
				.header("Origin", "https://player.example")
				.header("Access-Control-Request-Method", "GET")
				.exchange()
				.expectHeader()
				.doesNotExist("Access-Control-Allow-Origin");
		}

	}

	/**
	 * Players that cannot send a header: {@code /recordings/{cameraId}/{token}/...}, the
	 * token signed as camera-service signs it.
	 */
	@Nested
	class BySignedUrl {

		StreamUrlToken recordings() {
			return new StreamUrlToken(StreamUrlKey.load(root.resolve("stream-url.key"), false),
					StreamUrlToken.Scope.RECORDINGS);
		}

		String folder(String cameraId, long expires) {
			return "/recordings/" + cameraId + "/" + recordings().sign(cameraId, "alice-id", expires);
		}

		String folder(String cameraId) {
			return folder(cameraId, Instant.now().plusSeconds(3600).getEpochSecond());
		}

		@Test
		void shouldServeTheChunkItsRangesAndItsThumbnailWithoutAnyHeaderOrAskingAnyone() {
			Chunk chunk = chunk(UUID.randomUUID().toString());
			write(chunk.file().resolveSibling(chunk.startMillis() + ".jpg"), SECRET.getBytes(StandardCharsets.UTF_8));
			String folder = folder(chunk.cameraId());

			RecordingDeliveryTests.this.http.get()
				.uri(folder + "/" + chunk.startMillis())
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType("video/mp4")
				.expectHeader()
				.valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=86400, private")
				.expectBody(byte[].class)
				.isEqualTo(chunk.content());
			// A player's stale access token is ignored, not refused.
			getWith("not-a-token", folder + "/" + chunk.startMillis(), HttpHeaders.RANGE, "bytes=10-19").expectStatus()
				.isEqualTo(206)
				.expectBody(byte[].class)
				.isEqualTo(Arrays.copyOfRange(chunk.content(), 10, 20));
			RecordingDeliveryTests.this.http.get()
				.uri(folder + "/" + chunk.startMillis() + ".mp4")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(byte[].class)
				.isEqualTo(chunk.content());
			RecordingDeliveryTests.this.http.get()
				.uri(folder + "/" + chunk.startMillis() + "/thumbnail.jpg")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType(MediaType.IMAGE_JPEG);
			services.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/cameras/" + chunk.cameraId())));
		}

		@Test
		void shouldAnswerAnExpiredAlteredLiveOrOtherCamerasTokenAsNothingThere() {
			Chunk chunk = chunk(UUID.randomUUID().toString());
			String other = UUID.randomUUID().toString();
			long later = Instant.now().plusSeconds(3600).getEpochSecond();
			String token = recordings().sign(chunk.cameraId(), "alice-id", later);
			String live = new StreamUrlToken(StreamUrlKey.load(root.resolve("stream-url.key"), false))
				.sign(chunk.cameraId(), "alice-id", later);

			for (String path : List.of(folder(chunk.cameraId(), Instant.now().minusSeconds(1).getEpochSecond()),
					"/recordings/" + chunk.cameraId() + "/" + altered(token),
					"/recordings/" + chunk.cameraId() + "/" + live, "/recordings/" + other + "/" + token,
					"/recordings/" + chunk.cameraId() + "/" + recordings().sign(other, "alice-id", later))) {
				JsonNode problem = TestServices.assertProblem(
						RecordingDeliveryTests.this.http.get().uri(path + "/" + chunk.startMillis()).exchange(), 404);
				assertThat(problem.path("detail").asString()).contains("signed URL has expired");
			}
			TestServices.assertProblem(
					RecordingDeliveryTests.this.http.get().uri("/recordings/" + chunk.cameraId()).exchange(), 404);
			TestServices.assertProblem(RecordingDeliveryTests.this.http.get()
				.uri(folder(chunk.cameraId()) + "/" + chunk.startMillis() + "/other.jpg")
				.exchange(), 404);
		}

		@Test
		void shouldStopServingOnceItsUserMayNoLongerWatch() {
			Chunk chunk = chunk(UUID.randomUUID().toString());
			services.stubFor(get(urlPathMatching("/internal/v1/signed-urls/" + chunk.cameraId() + "/.*")).atPriority(1)
				.willReturn(notFound()));

			TestServices.assertProblem(RecordingDeliveryTests.this.http.get()
				.uri(folder(chunk.cameraId()) + "/" + chunk.startMillis())
				.exchange(), 404);
		}

		@Test
		void shouldExportWithTheSameChecksAsTheBearerForm() {
			Chunk chunk = chunk(UUID.randomUUID().toString());
			String export = folder(chunk.cameraId()) + "/export.mp4";

			TestServices.assertProblem(RecordingDeliveryTests.this.http.get().uri(export).exchange(), 400);
			// The test's chunk is not an MP4: nothing playable in this range.
			TestServices.assertProblem(RecordingDeliveryTests.this.http.get()
				.uri(export + "?from=2026-03-05T07:00:00Z&to=2026-03-05T08:00:00Z")
				.exchange(), 404);
			TestServices.assertProblem(RecordingDeliveryTests.this.http.get()
				.uri("/recordings/" + chunk.cameraId() + "/r1.1.x/export.mp4?from=2026-03-05T07:00:00Z"
						+ "&to=2026-03-05T08:00:00Z")
				.exchange(), 404);
		}

		@Test
		void shouldLeaveThePlaylistToCameraServiceWithoutTheCallersHeader() {
			String cameraId = UUID.randomUUID().toString();
			String playlist = folder(cameraId) + "/playback.m3u8";
			services.stubFor(get(urlPathEqualTo(playlist)).willReturn(ok("#EXTM3U\n")));

			getWith(alice, playlist + "?from=2026-03-05T07:00:00Z", "Origin", "https://player.example").expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("Access-Control-Allow-Origin", "*")
				.expectBody(String.class)
				.isEqualTo("#EXTM3U\n");

			services.verify(getRequestedFor(urlPathEqualTo(playlist)).withoutHeader(HttpHeaders.AUTHORIZATION));
		}

		@Test
		void shouldRefuseEveryOtherMethod() {
			Chunk chunk = chunk(UUID.randomUUID().toString());

			RecordingDeliveryTests.this.http.method(HttpMethod.DELETE)
				.uri(folder(chunk.cameraId()) + "/" + chunk.startMillis())
				.exchange()
				.expectStatus()
				.isUnauthorized();
			assertThat(chunk.file()).exists();
		}

	}

	int statusOf(String token, String path, String... headers) {
		return getWith(token, path, headers).returnResult(Void.class).getStatus().value();
	}

	record RawResponse(int status, String body) {
	}

	/**
	 * One request with its target sent byte for byte as given: no client normalises or
	 * re-encodes it.
	 */
	RawResponse raw(String target, String... headers) {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(20_000);
			StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n");
			for (String header : headers) {
				request.append(header).append("\r\n");
			}
			request.append("Connection: close\r\n\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			in.transferTo(all);
			String response = all.toString(StandardCharsets.ISO_8859_1);
			int status = Integer.parseInt(response.substring(9, 12));
			int bodyStart = response.indexOf("\r\n\r\n");
			return new RawResponse(status, (bodyStart < 0) ? "" : response.substring(bodyStart + 4));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void write(Path file, byte[] content) {
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void remove(Path file) {
		try {
			Files.delete(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String token(String subject) {
		return TestServices.token(signingKeys, subject);
	}

	/** The token altered in a signature character that carries all six bits. */
	static String altered(String token) {
		int at = token.length() - 10;
		return token.substring(0, at) + ((token.charAt(at) == 'A') ? 'B' : 'A') + token.substring(at + 1);
	}

}
