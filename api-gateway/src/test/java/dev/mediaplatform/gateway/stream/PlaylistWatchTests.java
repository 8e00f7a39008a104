package dev.mediaplatform.gateway.stream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.mediaplatform.gateway.stream.LowLatencyStorage.Playlist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The one watcher of a gateway's waiting live requests: bounded in number and in time,
 * and answering from the version of the playlist that satisfied a request.
 */
class PlaylistWatchTests {

	@TempDir
	Path folder;

	final PlaylistWatch watch = new PlaylistWatch(Duration.ofMillis(20), 2);

	@AfterEach
	void close() {
		this.watch.close();
	}

	Path publish(Playlist playlist) {
		Path file = this.folder.resolve("index.m3u8");
		LowLatencyStorage.writeAtomically(file, playlist.text().getBytes());
		return file;
	}

	@Test
	void shouldRefuseMoreWaitersThanItHoldsAndTakeNewOnesWhenOthersLeave() {
		Path playlist = publish(Playlist.live(120, 6, 2));
		Disposable first = this.watch.await(playlist, (state) -> false, Duration.ofSeconds(30)).subscribe();
		Disposable second = this.watch.await(playlist, (state) -> false, Duration.ofSeconds(30)).subscribe();

		assertThat(this.watch.waiting()).isEqualTo(2);
		assertThatExceptionOfType(PlaylistWatch.Full.class)
			.isThrownBy(() -> this.watch.await(playlist, (state) -> true, Duration.ofSeconds(30)).block());

		first.dispose();
		assertThat(this.watch.waiting()).isOne();
		assertThat(this.watch.await(playlist, (state) -> true, Duration.ofSeconds(30))
			.block(Duration.ofSeconds(10))
			.state()
			.nextMsn()).isEqualTo(126);
		second.dispose();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.watch.waiting() == 0 && this.watch.watched() == 0);
	}

	@Test
	void shouldAnswerNothingOnceTheBoundPassed() {
		Path playlist = publish(Playlist.live(120, 6, 2));
		long start = System.nanoTime();

		assertThat(this.watch.await(playlist, (state) -> false, Duration.ofMillis(200)).block(Duration.ofSeconds(10)))
			.isNull();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
	}

	@Test
	void shouldAnswerWithTheVersionThatSatisfiedTheCondition() throws Exception {
		Path playlist = publish(Playlist.live(120, 6, 2));
		BlockingReload reload = new BlockingReload(126, 3);
		CompletableFuture<LivePlaylist> answer = this.watch.await(playlist, reload::satisfiedBy, Duration.ofSeconds(30))
			.toFuture();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.watch.waiting() == 1);

		publish(Playlist.live(120, 6, 3));
		Thread.sleep(100);
		assertThat(answer).as("part 2 is not part 3").isNotDone();
		String satisfying = Playlist.live(120, 6, 4).text();
		publish(Playlist.live(120, 6, 4));

		assertThat(new String(answer.get(10, TimeUnit.SECONDS).content())).isEqualTo(satisfying);
	}

	@Test
	void shouldWaitForAPlaylistThatIsNotThereYet() throws Exception {
		Path playlist = this.folder.resolve("index.m3u8");
		CompletableFuture<LivePlaylist> answer = this.watch
			.await(playlist, (state) -> state.nextMsn() > 0, Duration.ofSeconds(30))
			.toFuture();

		publish(Playlist.live(0, 1, 0));

		assertThat(answer.get(10, TimeUnit.SECONDS).state().nextMsn()).isOne();
	}

}
