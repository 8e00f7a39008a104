package dev.mediaplatform.gateway.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.mediaplatform.gateway.TestServices;
import dev.mediaplatform.gateway.stream.LowLatencyStorage.Camera;
import dev.mediaplatform.gateway.stream.LowLatencyStorage.Playlist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.CacheControl;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Low-Latency HLS through the real gateway, by bearer token and signed URL, from a
 * storage folder the tests write as the stream worker does: blocking playlist reloads
 * ({@code _HLS_msn}, {@code _HLS_part}) and parts announced by
 * {@code #EXT-X-PRELOAD-HINT}, held until the playlist or the part is there, within a
 * small bound here.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "gateway.streams.blocking-limit=" + BlockingReloadTests.LIMIT_MILLIS + "ms")
class BlockingReloadTests {

	/** The bound of every wait here (the playlists' three target durations are more). */
	static final long LIMIT_MILLIS = 2000;

	static final Duration LIMIT = Duration.ofMillis(LIMIT_MILLIS);

	static final LowLatencyStorage storage = new LowLatencyStorage("blocking-reload-tests");

	/** Where requests that are held wait for their answers in these tests. */
	static final ExecutorService clients = Executors.newCachedThreadPool();

	/**
	 * Segments 120..125 complete; 126 in progress with parts 0 and 1; part 2 announced.
	 */
	static final Playlist LIVE = Playlist.live(120, 6, 2);

	final String alice = storage.token("alice-id");

	final String bob = storage.token("bob-id");

	@LocalServerPort
	int port;

	@Autowired
	PlaylistWatch watch;

	WebTestClient http;

	@DynamicPropertySource
	static void platform(DynamicPropertyRegistry registry) {
		storage.register(registry);
	}

	@AfterAll
	static void stop() {
		storage.stop();
		clients.shutdownNow();
	}

	/** Whether the gateway has answered once: its first answers are slow. */
	static boolean warm;

	@BeforeEach
	void client() {
		this.http = TestServices.client(this.port);
		if (!warm) {
			// So that "answered without waiting" is not mistaken for a cold start, nor
			// the other way round.
			Camera camera = streaming(LIVE);
			for (Form form : Form.values()) {
				get(form, camera, "index.m3u8").exchange().expectStatus().isOk();
			}
			warm = true;
		}
	}

	enum Form {

		BEARER, SIGNED

	}

	/** A camera alice may watch, whose worker has written this playlist. */
	Camera streaming(Playlist playlist) {
		Camera camera = storage.camera();
		storage.allow(this.alice, camera.id());
		camera.publish(playlist);
		return camera;
	}

	WebTestClient.RequestHeadersSpec<?> get(Form form, Camera camera, String file) {
		if (form == Form.BEARER) {
			return this.http.get().uri(camera.bearer(file)).header("Authorization", "Bearer " + this.alice);
		}
		return this.http.get().uri(camera.signed(file));
	}

	/** Sends the request now and answers later. */
	CompletableFuture<EntityExchangeResult<byte[]>> later(WebTestClient.RequestHeadersSpec<?> request) {
		return CompletableFuture.supplyAsync(() -> request.exchange().expectBody(byte[].class).returnResult(), clients);
	}

	/** Waits until the gateway holds this many more requests, and a while longer. */
	void awaitHeld(int before, int more) throws InterruptedException {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.watch.waiting() == before + more);
		Thread.sleep(300);
	}

	/**
	 * Waits until the gateway holds no more requests than before (it lets go just after
	 * answering).
	 */
	void awaitLetGo(int before) {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.watch.waiting() == before);
	}

	static Duration timed(Runnable request) {
		long start = System.nanoTime();
		request.run();
		return Duration.ofNanos(System.nanoTime() - start);
	}

	@Nested
	class Reloads {

		@ParameterizedTest
		@EnumSource(Form.class)
		void shouldAnswerAtOnceWhenThePlaylistHoldsWhatIsAskedForOrLater(Form form) {
			Camera camera = streaming(LIVE);
			String playlist = LIVE.text();

			for (String query : List.of("_HLS_msn=126&_HLS_part=1", "_HLS_msn=125", "_HLS_msn=124&_HLS_part=7",
					"_HLS_msn=126&_HLS_part=0&_HLS_skip=YES")) {
				get(form, camera, "index.m3u8?" + query).exchange()
					.expectStatus()
					.isOk()
					.expectHeader()
					.contentType("application/vnd.apple.mpegurl")
					.expectHeader()
					.cacheControl(CacheControl.noCache())
					.expectBody(String.class)
					.isEqualTo(playlist);
			}
		}

		@ParameterizedTest
		@EnumSource(Form.class)
		void shouldHoldAReloadUntilALaterPlaylistHoldsThePart(Form form) throws Exception {
			Camera camera = streaming(LIVE);
			int before = BlockingReloadTests.this.watch.waiting();

			CompletableFuture<EntityExchangeResult<byte[]>> answer = later(
					get(form, camera, "index.m3u8?_HLS_msn=126&_HLS_part=2"));
			awaitHeld(before, 1);
			assertThat(answer).isNotDone();
			camera.writePart(Camera.part(126, 2), new byte[64]);
			String later = camera.publish(Playlist.live(120, 6, 3));

			EntityExchangeResult<byte[]> result = answer.get(10, TimeUnit.SECONDS);
			assertThat(result.getStatus().value()).isEqualTo(200);
			assertThat(new String(result.getResponseBody(), StandardCharsets.UTF_8)).isEqualTo(later);
			assertThat(result.getResponseHeaders().getCacheControl()).isEqualTo("no-cache");
			awaitLetGo(before);
		}

		@Test
		void shouldHoldAReloadForAWholeSegmentUntilItIsComplete() throws Exception {
			Camera camera = streaming(LIVE);
			int before = BlockingReloadTests.this.watch.waiting();

			CompletableFuture<EntityExchangeResult<byte[]>> answer = later(
					get(Form.SIGNED, camera, "index.m3u8?_HLS_msn=126"));
			awaitHeld(before, 1);
			camera.publish(Playlist.live(120, 6, 4));
			Thread.sleep(200);
			assertThat(answer).as("more parts, the segment still in progress").isNotDone();
			String complete = camera.publish(Playlist.live(121, 6, 0));

			EntityExchangeResult<byte[]> result = answer.get(10, TimeUnit.SECONDS);
			assertThat(new String(result.getResponseBody(), StandardCharsets.UTF_8)).isEqualTo(complete);
		}

		@ParameterizedTest
		@EnumSource(Form.class)
		void shouldAnswerAtOnceWhenTheStreamEnded(Form form) {
			Camera camera = streaming(LIVE.end());

			for (String query : List.of("_HLS_msn=126&_HLS_part=5", "_HLS_msn=400")) {
				get(form, camera, "index.m3u8?" + query).exchange()
					.expectStatus()
					.isOk()
					.expectBody(String.class)
					.value((body) -> assertThat(body).endsWith("#EXT-X-ENDLIST\n"));
			}
		}

		@ParameterizedTest
		@EnumSource(Form.class)
		void shouldRefuseAReloadMoreThanOneSegmentAhead(Form form) {
			Camera camera = streaming(LIVE);

			for (String query : List.of("_HLS_msn=128", "_HLS_msn=128&_HLS_part=0", "_HLS_msn=999999")) {
				Duration took = timed(
						() -> TestServices.assertProblem(get(form, camera, "index.m3u8?" + query).exchange(), 400));
				assertThat(took).as(query).isLessThan(LIMIT);
			}
		}

		@ParameterizedTest
		@EnumSource(Form.class)
		void shouldRefuseDirectivesThatAreNotWhatTheSpecificationDefines(Form form) {
			Camera camera = streaming(LIVE);

			for (String query : List.of("_HLS_part=1", "_HLS_msn=abc", "_HLS_msn=-1", "_HLS_msn=126&_HLS_part=x",
					"_HLS_msn=", "_HLS_msn=126&_HLS_part=-2")) {
				assertThat(TestServices.assertProblem(get(form, camera, "index.m3u8?" + query).exchange(), 400)
					.path("detail")
					.asString()).as(query).contains("_HLS_");
			}
		}

		@Test
		void shouldAnswerServiceUnavailableWhenThePlaylistDoesNotGetThereInTime() {
			Camera camera = streaming(LIVE);
			int before = BlockingReloadTests.this.watch.waiting();

			Duration took = timed(() -> {
				WebTestClient.ResponseSpec response = get(Form.BEARER, camera, "index.m3u8?_HLS_msn=127").exchange();
				TestServices.assertProblem(response, 503);
				response.expectHeader().valueEquals("Retry-After", "1");
			});

			assertThat(took).isBetween(LIMIT.minusMillis(100), LIMIT.plusSeconds(15));
			awaitLetGo(before);
		}

		@Test
		void shouldAnswerAStrangerNotFoundWithoutHoldingTheRequest() {
			Camera camera = streaming(LIVE);
			String forged = camera.signed("index.m3u8").replace(LowLatencyStorage.GRANTEE, "bob-id");

			for (WebTestClient.RequestHeadersSpec<?> stranger : List.of(
					BlockingReloadTests.this.http.get()
						.uri(camera.bearer("index.m3u8?_HLS_msn=126&_HLS_part=2"))
						.header("Authorization", "Bearer " + BlockingReloadTests.this.bob),
					BlockingReloadTests.this.http.get().uri(forged + "?_HLS_msn=126&_HLS_part=2"),
					BlockingReloadTests.this.http.get()
						.uri(camera.bearer(Camera.part(126, 2)))
						.header("Authorization", "Bearer " + BlockingReloadTests.this.bob),
					BlockingReloadTests.this.http.get()
						.uri(camera.bearer("index.m3u8?_HLS_msn=x"))
						.header("Authorization", "Bearer " + BlockingReloadTests.this.bob))) {
				Duration took = timed(() -> TestServices.assertProblem(stranger.exchange(), 404));
				assertThat(took).isLessThan(LIMIT);
			}
		}

	}

	@Nested
	class PreloadHints {

		@ParameterizedTest
		@EnumSource(Form.class)
		void shouldHoldTheAnnouncedPartUntilItAppears(Form form) throws Exception {
			Camera camera = streaming(LIVE);
			byte[] part = "moof+mdat of part 2".getBytes(StandardCharsets.US_ASCII);
			int before = BlockingReloadTests.this.watch.waiting();

			CompletableFuture<EntityExchangeResult<byte[]>> answer = later(get(form, camera, Camera.part(126, 2)));
			awaitHeld(before, 1);
			assertThat(answer).isNotDone();
			camera.writePart(Camera.part(126, 2), part);
			camera.publish(Playlist.live(120, 6, 3));

			EntityExchangeResult<byte[]> result = answer.get(10, TimeUnit.SECONDS);
			assertThat(result.getStatus().value()).isEqualTo(200);
			assertThat(result.getResponseBody()).isEqualTo(part);
			assertThat(result.getResponseHeaders().getContentType()).hasToString("video/mp4");
			assertThat(result.getResponseHeaders().getCacheControl()).contains("immutable");
		}

		@ParameterizedTest
		@EnumSource(Form.class)
		void shouldAnswerNotFoundAtOnceForAMissingPartThatIsNotAnnounced(Form form) {
			Camera camera = streaming(LIVE);

			for (String name : List.of(Camera.part(126, 3), Camera.part(127, 0), Camera.part(125, 9))) {
				Duration took = timed(() -> TestServices.assertProblem(get(form, camera, name).exchange(), 404));
				assertThat(took).as(name).isLessThan(LIMIT);
			}
		}

		@Test
		void shouldAnswerNotFoundWhenTheAnnouncedPartDoesNotComeInTime() {
			Camera camera = streaming(LIVE);

			Duration took = timed(
					() -> TestServices.assertProblem(get(Form.BEARER, camera, Camera.part(126, 2)).exchange(), 404));

			assertThat(took).isBetween(LIMIT.minusMillis(100), LIMIT.plusSeconds(15));
		}

		@Test
		void shouldAnswerNotFoundOnceThePartIsNoLongerAnnounced() throws Exception {
			Camera camera = streaming(LIVE);
			int before = BlockingReloadTests.this.watch.waiting();

			CompletableFuture<EntityExchangeResult<byte[]>> answer = later(
					get(Form.SIGNED, camera, Camera.part(126, 2)));
			awaitHeld(before, 1);
			long start = System.nanoTime();
			camera.publish(LIVE.end());

			assertThat(answer.get(10, TimeUnit.SECONDS).getStatus().value()).isEqualTo(404);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LIMIT);
		}

	}

}
