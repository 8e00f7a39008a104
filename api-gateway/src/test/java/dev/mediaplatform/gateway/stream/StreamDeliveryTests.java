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
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mediaplatform.gateway.TestServices;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real gateway serving live HLS from a storage folder, in front of a stand-in
 * auth-service (JWKS) and camera-service (who may see which camera): by bearer token for
 * users camera-service lets watch, by signed URL for anyone holding one, and nothing
 * outside a camera's folder whatever the path says.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "gateway.streams.access-cache-ttl=" + StreamDeliveryTests.CACHE_SECONDS + "s")
class StreamDeliveryTests {

	static final int CACHE_SECONDS = 3;

	static final Path root = Path.of("target/stream-delivery-tests", UUID.randomUUID().toString()).toAbsolutePath();

	static final Path storage = root.resolve("storage");

	/** Bytes 0..31: the tests sign URLs as camera-service would. */
	static final byte[] key = new byte[32];

	static final KeyPair signingKeys = TestServices.rsa();

	static final WireMockServer services = TestServices.start(signingKeys);

	static final String alice = token("alice-id");

	static final String bob = token("bob-id");

	static final String PLAYLIST = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nrun1-7.ts\n";

	@LocalServerPort
	int port;

	WebTestClient http;

	@DynamicPropertySource
	static void platform(DynamicPropertyRegistry registry) {
		for (int i = 0; i < key.length; i++) {
			key[i] = (byte) i;
		}
		write(root.resolve("stream-url.key"), (Base64.getEncoder().encodeToString(key) + "\n").getBytes());
		registry.add("gateway.streams.storage-dir", storage::toString);
		registry.add("gateway.streams.key-file", () -> root.resolve("stream-url.key").toString());
		registry.add("gateway.streams.generate-key", () -> "false");
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

	/** A camera whose worker has written a playlist and one segment. */
	record Camera(String id, byte[] segment) {

		String playlist() {
			return "/streams/" + this.id + "/index.m3u8";
		}

		String segmentPath() {
			return "/streams/" + this.id + "/run1-7.ts";
		}

	}

	static Camera streamingCamera() {
		String id = UUID.randomUUID().toString();
		byte[] segment = new byte[4096];
		new Random(id.hashCode()).nextBytes(segment);
		write(storage.resolve("live").resolve(id).resolve("index.m3u8"), PLAYLIST.getBytes(StandardCharsets.UTF_8));
		write(storage.resolve("live").resolve(id).resolve("run1-7.ts"), segment);
		return new Camera(id, segment);
	}

	/** camera-service lets this token's user see the camera. */
	static StubMapping allow(String token, String cameraId) {
		return services.stubFor(get(urlPathEqualTo("/api/v1/cameras/" + cameraId))
			.withHeader("Authorization", equalTo("Bearer " + token))
			.atPriority(1)
			.willReturn(okJson("{\"id\":\"" + cameraId + "\"}")));
	}

	/** The user the tests' signed URLs were handed to. */
	static final String GRANTEE = "alice-id";

	static String signed(String cameraId, long expires, String file) {
		return "/streams/" + cameraId + "/" + signature(cameraId, expires) + "/" + file;
	}

	static String signature(String cameraId, long expires) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			byte[] signature = mac
				.doFinal(("v2:" + cameraId + ":" + expires + ":" + GRANTEE).getBytes(StandardCharsets.US_ASCII));
			return "v2." + expires + "." + GRANTEE + "."
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static long inAnHour() {
		return Instant.now().plusSeconds(3600).getEpochSecond();
	}

	WebTestClient.ResponseSpec getWith(String token, String path) {
		return this.http.get().uri(path).header("Authorization", "Bearer " + token).exchange();
	}

	/** Checks the response is an RFC 9457 problem with this status; returns its body. */
	static String assertProblem(WebTestClient.ResponseSpec response, int status) {
		String body = response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(JsonMapper.shared().readTree(body).path("status").asInt()).isEqualTo(status);
		return body;
	}

	@Nested
	class WithABearerToken {

		@Test
		void shouldServeThePlaylistAndSegmentsToAUserWhoMayWatch() {
			Camera camera = streamingCamera();
			allow(alice, camera.id());

			getWith(alice, camera.playlist()).expectStatus()
				.isOk()
				.expectHeader()
				.contentType("application/vnd.apple.mpegurl")
				.expectHeader()
				.cacheControl(org.springframework.http.CacheControl.noCache())
				.expectBody(String.class)
				.isEqualTo(PLAYLIST);
			getWith(alice, camera.segmentPath()).expectStatus()
				.isOk()
				.expectHeader()
				.contentType("video/mp2t")
				.expectHeader()
				.contentLength(camera.segment().length)
				.expectHeader()
				.value("Cache-Control",
						(value) -> assertThat(value.split(",\\s*")).containsExactlyInAnyOrder("max-age=600", "private",
								"immutable"))
				.expectBody(byte[].class)
				.isEqualTo(camera.segment());
		}

		@Test
		void shouldAnswerNotFoundToAUserWhoMayNotWatchForPlaylistAndSegments() {
			Camera camera = streamingCamera();
			allow(alice, camera.id());

			for (String path : List.of(camera.playlist(), camera.segmentPath())) {
				assertThat(assertProblem(getWith(bob, path), 404)).doesNotContain("EXTM3U");
			}
		}

		@Test
		void shouldAskCameraServiceOnceForAWholeStreamAndAgainWhenTheAnswerIsOld() {
			Camera camera = streamingCamera();
			StubMapping allowed = allow(alice, camera.id());

			getWith(alice, camera.playlist()).expectStatus().isOk();
			getWith(alice, camera.segmentPath()).expectStatus().isOk();
			getWith(alice, camera.segmentPath()).expectStatus().isOk();
			services.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/cameras/" + camera.id())));

			// The share ended: within the cache time, delivery stops.
			services.removeStub(allowed);
			await().atMost(Duration.ofSeconds(CACHE_SECONDS + 10))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> statusOf(alice, camera.playlist()) == 404);
		}

		@Test
		void shouldPassTheCallersOwnTokenToCameraService() {
			Camera camera = streamingCamera();
			allow(alice, camera.id());

			getWith(alice, camera.playlist()).expectStatus().isOk();

			services.verify(getRequestedFor(urlPathEqualTo("/api/v1/cameras/" + camera.id()))
				.withHeader("Authorization", equalTo("Bearer " + alice)));
		}

		@Test
		void shouldAnswerNotFoundWhenTheCameraIsNotStreaming() {
			String id = UUID.randomUUID().toString();
			allow(alice, id);

			assertProblem(getWith(alice, "/streams/" + id + "/index.m3u8"), 404);
			assertProblem(getWith(alice, "/streams/" + id + "/run1-1.ts"), 404);
		}

		@Test
		void shouldRequireAValidToken() {
			Camera camera = streamingCamera();
			WebTestClient.ResponseSpec anonymous = StreamDeliveryTests.this.http.get()
				.uri(camera.playlist())
				.exchange();
			assertProblem(anonymous, 401);
			anonymous.expectHeader().valueMatches("WWW-Authenticate", "Bearer.*");
			assertProblem(getWith("not-a-token", camera.segmentPath()), 401);
			services.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/cameras/" + camera.id())));
		}

		@Test
		void shouldAnswerServiceUnavailableWhileCameraServiceCannotSayAndNotRememberIt() {
			Camera camera = streamingCamera();
			StubMapping broken = services.stubFor(get(urlPathEqualTo("/api/v1/cameras/" + camera.id())).atPriority(1)
				.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

			WebTestClient.ResponseSpec response = getWith(alice, camera.playlist());
			assertProblem(response, 503);
			response.expectHeader().valueEquals("Retry-After", "5");
			assertProblem(getWith(alice, camera.segmentPath()), 503);

			// Each request asked camera-service (twice) rather than reuse the failure.
			// WireMock journals a request after its fault, so the count may lag.
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(
						() -> services.verify(4, getRequestedFor(urlPathEqualTo("/api/v1/cameras/" + camera.id()))));

			services.removeStub(broken);
			allow(alice, camera.id());
			getWith(alice, camera.playlist()).expectStatus().isOk();
		}

		@Test
		void shouldTryOnceMoreWhenTheConnectionToCameraServiceBreaks() {
			Camera camera = streamingCamera();
			String scenario = "broken-connection-" + camera.id();
			services.stubFor(get(urlPathEqualTo("/api/v1/cameras/" + camera.id())).atPriority(1)
				.inScenario(scenario)
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
				.willSetStateTo("repaired"));
			services.stubFor(get(urlPathEqualTo("/api/v1/cameras/" + camera.id())).atPriority(1)
				.withHeader("Authorization", equalTo("Bearer " + alice))
				.inScenario(scenario)
				.whenScenarioStateIs("repaired")
				.willReturn(okJson("{\"id\":\"" + camera.id() + "\"}")));

			getWith(alice, camera.playlist()).expectStatus().isOk().expectBody(String.class).isEqualTo(PLAYLIST);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(
						() -> services.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/cameras/" + camera.id()))));
		}

	}

	@Nested
	class WithASignedUrl {

		@Test
		void shouldServeAnyoneHoldingItWithoutAskingCameraService() {
			Camera camera = streamingCamera();
			long expires = inAnHour();

			StreamDeliveryTests.this.http.get()
				.uri(signed(camera.id(), expires, "index.m3u8"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType("application/vnd.apple.mpegurl")
				.expectHeader()
				.valueEquals("Cache-Control", "no-cache")
				.expectBody(String.class)
				.isEqualTo(PLAYLIST);
			// The playlist's relative segment URI resolves under the same token.
			StreamDeliveryTests.this.http.get()
				.uri(signed(camera.id(), expires, "run1-7.ts"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType("video/mp2t")
				.expectHeader()
				.value("Cache-Control",
						(value) -> assertThat(value.split(",\\s*")).containsExactlyInAnyOrder("max-age=600",
								"immutable"))
				.expectBody(byte[].class)
				.isEqualTo(camera.segment());
			services.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/cameras/" + camera.id())));
			// Whether its user still may watch is asked once for the playlist and the
			// segment, with the token.
			services.verify(1,
					getRequestedFor(urlPathMatching("/internal/v1/signed-urls/" + camera.id() + "/v2\\..*")));
		}

		@Test
		void shouldStopServingOnceItsUserMayNoLongerWatch() {
			Camera camera = streamingCamera();
			services.stubFor(get(urlPathMatching("/internal/v1/signed-urls/" + camera.id() + "/.*")).atPriority(1)
				.willReturn(notFound()));

			assertProblem(
					StreamDeliveryTests.this.http.get().uri(signed(camera.id(), inAnHour(), "index.m3u8")).exchange(),
					404);
		}

		@Test
		void shouldKeepServingBySignatureWhileCameraServiceCannotSay() {
			Camera camera = streamingCamera();
			services.stubFor(get(urlPathMatching("/internal/v1/signed-urls/" + camera.id() + "/.*")).atPriority(1)
				.willReturn(aResponse().withStatus(503)));

			StreamDeliveryTests.this.http.get()
				.uri(signed(camera.id(), inAnHour(), "index.m3u8"))
				.exchange()
				.expectStatus()
				.isOk();
		}

		@Test
		void shouldIgnoreAStaleBearerTokenSentAlongWithIt() {
			Camera camera = streamingCamera();

			getWith("expired-or-garbage", signed(camera.id(), inAnHour(), "index.m3u8")).expectStatus().isOk();
		}

		@Test
		void shouldAnswerNotFoundWhenItExpired() {
			Camera camera = streamingCamera();

			for (String file : List.of("index.m3u8", "run1-7.ts")) {
				assertProblem(StreamDeliveryTests.this.http.get()
					.uri(signed(camera.id(), Instant.now().minusSeconds(1).getEpochSecond(), file))
					.exchange(), 404);
			}
		}

		@Test
		void shouldAnswerNotFoundWhenAnyPartWasChanged() {
			Camera camera = streamingCamera();
			long expires = inAnHour();
			String token = signature(camera.id(), expires);
			String otherSignature = signature(camera.id(), expires + 1);
			List<String> forged = List.of(token.replace("." + expires + ".", "." + (expires + 3600) + "."),
					token.substring(0, token.lastIndexOf('.'))
							+ otherSignature.substring(otherSignature.lastIndexOf('.')),
					token.replace("v2.", "r2."), token.replace(GRANTEE, "bob-id"),
					token.substring(0, token.length() - 2) + "AA", "v2." + expires, "not-a-token",
					"v2." + expires + "." + GRANTEE + "." + "A".repeat(43), "v1." + expires + "." + "A".repeat(43));

			for (String tampered : forged) {
				assertProblem(StreamDeliveryTests.this.http.get()
					.uri("/streams/" + camera.id() + "/" + tampered + "/index.m3u8")
					.exchange(), 404);
			}
		}

		@Test
		void shouldAnswerNotFoundForATokenOfAnotherCamera() {
			Camera mine = streamingCamera();
			Camera theirs = streamingCamera();
			String myToken = signature(mine.id(), inAnHour());

			for (String file : List.of("index.m3u8", "run1-7.ts")) {
				assertProblem(StreamDeliveryTests.this.http.get()
					.uri("/streams/" + theirs.id() + "/" + myToken + "/" + file)
					.exchange(), 404);
			}
		}

	}

	@Nested
	class Paths {

		@Test
		void shouldNeverServeAFileOutsideTheCamerasFolder() throws IOException {
			Camera camera = streamingCamera();
			Camera other = streamingCamera();
			allow(alice, camera.id());
			write(storage.resolve("secret.ts"), "TOP-SECRET".getBytes(StandardCharsets.UTF_8));
			write(storage.resolve("live/secret.ts"), "TOP-SECRET".getBytes(StandardCharsets.UTF_8));
			Files.createSymbolicLink(storage.resolve("live").resolve(camera.id()).resolve("leak-1.ts"),
					storage.resolve("secret.ts"));
			String id = camera.id();
			String token = signature(id, inAnHour());
			List<String> attempts = new ArrayList<>();
			for (String prefix : List.of("/streams/" + id + "/", "/streams/" + id + "/" + token + "/")) {
				attempts.addAll(List.of(prefix + "..%2F..%2Fsecret.ts", prefix + "%2e%2e%2f%2e%2e%2fsecret.ts",
						prefix + "%2E%2E/%2E%2E/secret.ts", prefix + "../../secret.ts", prefix + "..%2fsecret.ts",
						prefix + "..%2F" + other.id() + "%2Frun1-7.ts", prefix + "%2Fetc%2Fpasswd",
						prefix + "/etc/passwd", prefix + "%2F" + storage.resolve("secret.ts"),
						prefix + "run1-7.ts%00.m3u8", prefix + "index.m3u8%00", prefix + "leak-1.ts", prefix + ".",
						prefix + "..", prefix + "%2e%2e", prefix + "index.m3u8%2F..%2F..%2Fsecret.ts",
						prefix + "run1-7.ts%5C..%5Csecret.ts"));
			}
			attempts.addAll(List.of("/streams/%2e%2e/secret.ts", "/streams/..%2Flive%2F" + other.id() + "/run1-7.ts",
					"/streams/../secret.ts", "/streams/" + id.toUpperCase() + "/index.m3u8",
					"/streams/" + id + "%2F..%2F" + other.id() + "/run1-7.ts", "/streams//index.m3u8",
					"/streams/" + id + "/" + token + "/../../" + other.id() + "/run1-7.ts"));

			for (String attempt : attempts) {
				RawResponse response = raw(attempt, "Authorization: Bearer " + alice);
				assertThat(response.status()).as(attempt).isBetween(400, 499);
				assertThat(response.body()).as(attempt)
					.doesNotContain("TOP-SECRET")
					.doesNotContain("root:")
					.doesNotContain("EXTM3U");
			}
			// The same requests read the camera's own files when the names are right.
			assertThat(raw("/streams/" + id + "/index.m3u8", "Authorization: Bearer " + alice).status()).isEqualTo(200);
			assertThat(raw("/streams/" + id + "/" + token + "/index.m3u8").status()).isEqualTo(200);
		}

		@Test
		void shouldAnswerNotFoundForNamesAWorkerDoesNotWrite() {
			Camera camera = streamingCamera();
			allow(alice, camera.id());
			write(storage.resolve("live").resolve(camera.id()).resolve("notes.txt"), "x".getBytes());

			for (String name : List.of("notes.txt", "index.m3u", "a".repeat(65) + ".ts", "seg.ts.tmp", "other.m3u8")) {
				assertProblem(getWith(alice, "/streams/" + camera.id() + "/" + name), 404);
			}
			assertProblem(getWith(alice, "/streams/" + camera.id() + "/a/b/c"), 404);
		}

	}

	@Nested
	class Http {

		@Test
		void shouldAnswerRangeRequestsWithPartialContent() {
			Camera camera = streamingCamera();
			allow(alice, camera.id());

			StreamDeliveryTests.this.http.get()
				.uri(camera.segmentPath())
				.header("Authorization", "Bearer " + alice)
				.header("Range", "bytes=100-199")
				.exchange()
				.expectStatus()
				.isEqualTo(206)
				.expectHeader()
				.valueEquals("Content-Range", "bytes 100-199/4096")
				.expectHeader()
				.contentLength(100)
				.expectBody(byte[].class)
				.isEqualTo(java.util.Arrays.copyOfRange(camera.segment(), 100, 200));
			StreamDeliveryTests.this.http.get()
				.uri(signed(camera.id(), inAnHour(), "run1-7.ts"))
				.header("Range", "bytes=4000-")
				.exchange()
				.expectStatus()
				.isEqualTo(206)
				.expectBody(byte[].class)
				.isEqualTo(java.util.Arrays.copyOfRange(camera.segment(), 4000, 4096));
			StreamDeliveryTests.this.http.get()
				.uri(signed(camera.id(), inAnHour(), "run1-7.ts"))
				.header("Range", "bytes=5000-6000")
				.exchange()
				.expectStatus()
				.isEqualTo(416);
		}

		@Test
		void shouldAnswerHeadWithTheLengthAndNoBody() {
			Camera camera = streamingCamera();
			allow(alice, camera.id());

			StreamDeliveryTests.this.http.head()
				.uri(camera.segmentPath())
				.header("Authorization", "Bearer " + alice)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType("video/mp2t")
				.expectHeader()
				.contentLength(4096)
				.expectBody()
				.isEmpty();
			StreamDeliveryTests.this.http.head()
				.uri(signed(camera.id(), inAnHour(), "index.m3u8"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentLength(PLAYLIST.length())
				.expectBody()
				.isEmpty();
		}

		@Test
		void shouldAnswerAPreflightWithoutATokenAndLetPlayersOnOtherOriginsReadResponses() {
			Camera camera = streamingCamera();
			allow(alice, camera.id());

			StreamDeliveryTests.this.http.options()
				.uri(camera.segmentPath())
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
			StreamDeliveryTests.this.http.get()
				.uri(camera.segmentPath())
				.header("Origin", "https://player.example")
				.header("Authorization", "Bearer " + alice)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("Access-Control-Allow-Origin", "*")
				.expectHeader()
				.value("Access-Control-Expose-Headers",
						(headers) -> assertThat(headers).contains("Content-Length", "Content-Range"));
			// A refusal is readable too, so that a player can tell its token expired.
			StreamDeliveryTests.this.http.get()
				.uri(camera.segmentPath())
				.header("Origin", "https://player.example")
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.valueEquals("Access-Control-Allow-Origin", "*");
		}

		@Test
		void shouldServeEachKindOfSegmentWithItsContentTypeAndCaching() {
			Camera camera = streamingCamera();
			Path folder = storage.resolve("live").resolve(camera.id());
			write(folder.resolve("run1-3.m4s"), new byte[10]);
			write(folder.resolve("run1-4.mp4"), new byte[10]);
			write(folder.resolve("init.mp4"), new byte[10]);
			long expires = inAnHour();

			for (String file : List.of("run1-3.m4s", "run1-4.mp4")) {
				StreamDeliveryTests.this.http.get()
					.uri(signed(camera.id(), expires, file))
					.exchange()
					.expectStatus()
					.isOk()
					.expectHeader()
					.contentType("video/mp4")
					.expectHeader()
					.value("Cache-Control", (value) -> assertThat(value).contains("immutable"));
			}
			// Written again under the same name when a worker restarts: never kept stale.
			StreamDeliveryTests.this.http.get()
				.uri(signed(camera.id(), expires, "init.mp4"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType("video/mp4")
				.expectHeader()
				.valueEquals("Cache-Control", "no-cache");
		}

		@Test
		void shouldRefuseOtherMethods() {
			Camera camera = streamingCamera();

			assertThat(StreamDeliveryTests.this.http.method(HttpMethod.DELETE)
				.uri(signed(camera.id(), inAnHour(), "index.m3u8"))
				.exchange()
				.returnResult(Void.class)
				.getStatus()
				.is4xxClientError()).isTrue();
			assertThat(storage.resolve("live").resolve(camera.id()).resolve("index.m3u8")).exists();
		}

	}

	int statusOf(String token, String path) {
		return this.http.get()
			.uri(path)
			.header("Authorization", "Bearer " + token)
			.exchange()
			.returnResult(Void.class)
			.getStatus()
			.value();
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

	static String token(String subject) {
		return TestServices.token(signingKeys, subject);
	}

}
