package dev.mediaplatform.gateway.stream;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.mediaplatform.gateway.stream.LowLatencyStorage.Camera;
import dev.mediaplatform.gateway.stream.LowLatencyStorage.Playlist;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many players waiting on one gateway at once, as is ordinary with Low-Latency HLS: each
 * holds a connection, but none a thread, and each is let go of when it leaves.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "gateway.streams.blocking-limit=30s")
class BlockingReloadLoadTests {

	static final int PLAYERS = 500;

	/**
	 * Requests are held up to 30 s here (three target durations of 10 s, within the
	 * limit): longer than these tests take to see what they check on a busy machine, so
	 * that no answer here is a bound passing.
	 */
	static final Playlist LIVE = Playlist.live(120, 6, 2).withTarget(10);

	static final LowLatencyStorage storage = new LowLatencyStorage("blocking-reload-load-tests");

	@LocalServerPort
	int port;

	@Autowired
	PlaylistWatch watch;

	@Autowired
	MeterRegistry metrics;

	ConnectionProvider connections;

	HttpClient client;

	@DynamicPropertySource
	static void platform(DynamicPropertyRegistry registry) {
		storage.register(registry);
	}

	@AfterAll
	static void stop() {
		storage.stop();
	}

	@BeforeEach
	void client() {
		// One connection per player, as players have.
		this.connections = ConnectionProvider.builder("players")
			.maxConnections(PLAYERS + 50)
			.pendingAcquireMaxCount(-1)
			.build();
		this.client = HttpClient.create(this.connections)
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30));
	}

	@AfterEach
	void closeConnections() {
		this.connections.dispose();
	}

	record Answer(int status, String body) {
	}

	Mono<Answer> fetch(String path) {
		return this.client.get()
			.uri(path)
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> new Answer(response.status().code(), text)));
	}

	Flux<Answer> players(int count, String path) {
		return Flux.range(0, count).flatMap((player) -> fetch(path), count);
	}

	static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	@Test
	void shouldHoldManyPlayersWithoutAThreadEachAndAnswerThemAllWhenThePartAppears() {
		Camera camera = storage.camera();
		camera.publish(LIVE);
		// The threads a serving gateway has anyway: event loops, the workers that read
		// files.
		assertThat(players(50, camera.signed("index.m3u8")).collectList().block(Duration.ofSeconds(30)))
			.allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(200));
		int threads = liveThreads();
		List<Answer> answers = new CopyOnWriteArrayList<>();

		Disposable waiting = players(PLAYERS, camera.signed("index.m3u8?_HLS_msn=126&_HLS_part=2"))
			.subscribe(answers::add);
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> this.watch.waiting() == PLAYERS);
			assertThat(answers).isEmpty();
			assertThat(this.watch.watched()).isOne();
			assertThat(this.metrics.get("gateway.live.waiting").gauge().value()).isEqualTo(PLAYERS);
			// A thread per player would be 500 more.
			assertThat(liveThreads()).isLessThanOrEqualTo(threads + 25);

			camera.writePart(Camera.part(126, 2), new byte[64]);
			String later = camera.publish(Playlist.live(120, 6, 3).withTarget(10));

			await().atMost(Duration.ofSeconds(15)).until(() -> answers.size() == PLAYERS);
			assertThat(answers).allSatisfy((answer) -> {
				assertThat(answer.status()).isEqualTo(200);
				assertThat(answer.body()).isEqualTo(later);
			});
			await().atMost(Duration.ofSeconds(5)).until(() -> this.watch.waiting() == 0 && this.watch.watched() == 0);
		}
		finally {
			waiting.dispose();
		}
	}

	@Test
	void shouldLetGoOfPlayersThatLeaveAndStopWatchingTheirPlaylist() {
		Camera camera = storage.camera();
		camera.publish(LIVE);
		Disposable reloads = players(30, camera.signed("index.m3u8?_HLS_msn=127")).subscribe();
		Disposable hinted = players(20, camera.signed(Camera.part(126, 2))).subscribe();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.watch.waiting() == 50);
		assertThat(this.watch.watched()).isOne();

		reloads.dispose();
		hinted.dispose();

		// Well within the 30 s bound: they left because their connections closed.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.watch.waiting() == 0 && this.watch.watched() == 0);
	}

}
