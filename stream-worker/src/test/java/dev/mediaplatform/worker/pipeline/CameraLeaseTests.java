package dev.mediaplatform.worker.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.mediaplatform.worker.media.MediaFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The lease that fences a worker which lost a camera while it could not see it: the
 * protocol on a real file system, with the timings a worker uses shortened.
 */
class CameraLeaseTests {

	static final Duration CHECK = Duration.ofMillis(100);

	@TempDir
	Path storage;

	CameraLease lease(String holder) {
		return new CameraLease(this.storage.resolve("leases/camera"), holder, CHECK);
	}

	@Test
	void shouldTakeAFreeLeaseAtOnceAndConfirmItWithoutReadingWithinTheInterval() throws Exception {
		CameraLease first = lease("worker-a/1");
		long started = System.nanoTime();
		assertThat(first.acquire()).isTrue();
		// Waiting for a holder takes two intervals at least (the next test): less than
		// that
		// means it did not wait, whatever the load on the machine.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("nobody to wait for")
			.isLessThan(CHECK.multipliedBy(2));
		assertThat(first.epoch()).isEqualTo(1);
		assertThat(Files.readString(this.storage.resolve("leases/camera"))).isEqualTo("1 HELD worker-a/1\n");
		Files.delete(this.storage.resolve("leases/camera"));
		first.confirm();
		Thread.sleep(CHECK.toMillis() + 20);
		assertThatExceptionOfType(MediaFailure.class).isThrownBy(first::confirm)
			.satisfies((failure) -> assertThat(failure.fenced()).isTrue());
	}

	@Test
	void shouldFenceAHolderThatDidNotLetGoAndWaitForItFirst() throws Exception {
		CameraLease paused = lease("worker-a/1");
		assertThat(paused.acquire()).isTrue();
		CameraLease next = lease("worker-b/2");
		long started = System.nanoTime();
		assertThat(next.acquire()).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - started))
			.as("the new owner waits until a running holder must have read the lease again")
			.isGreaterThanOrEqualTo(CHECK.multipliedBy(2));
		assertThat(next.epoch()).isEqualTo(2);
		// Whatever the paused holder does next, it reads the lease first.
		assertThatExceptionOfType(MediaFailure.class).isThrownBy(paused::confirm).satisfies((failure) -> {
			assertThat(failure.fenced()).isTrue();
			assertThat(failure.getMessage()).contains("worker-b/2", "epoch 1 → 2");
		});
		assertThat(paused.lost()).isTrue();
		// It neither takes the lease back after a reconnect nor releases the new owner's.
		assertThat(paused.acquire()).isFalse();
		paused.release();
		assertThat(Files.readString(this.storage.resolve("leases/camera"))).isEqualTo("2 HELD worker-b/2\n");
		next.confirm();
	}

	@Test
	void shouldHandOverWithoutWaitingWhenTheHolderLetGo() throws Exception {
		CameraLease first = lease("worker-a/1");
		assertThat(first.acquire()).isTrue();
		first.release();
		assertThat(Files.readString(this.storage.resolve("leases/camera"))).isEqualTo("1 RELEASED worker-a/1\n");
		CameraLease next = lease("worker-b/2");
		long started = System.nanoTime();
		assertThat(next.acquire()).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(CHECK);
		assertThat(next.epoch()).isEqualTo(2);
	}

	@Test
	void shouldLetOnlyOneOfTwoSimultaneousTakersWrite() throws Exception {
		// A holder that did not let go makes both takers wait, then read back.
		assertThat(lease("worker-a/1").acquire()).isTrue();
		CameraLease b = lease("worker-b/2");
		CameraLease c = lease("worker-c/3");
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<Boolean> byB = pool.submit((Callable<Boolean>) b::acquire);
			Future<Boolean> byC = pool.submit((Callable<Boolean>) c::acquire);
			assertThat(byB.get() ^ byC.get()).as("exactly one holds the lease (b %s, c %s)", byB.get(), byC.get())
				.isTrue();
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void shouldConfirmAfterAReconnectAndSayWhenTheStorageCannotBeRead() throws Exception {
		CameraLease holder = lease("worker-a/1");
		assertThat(holder.acquire()).isTrue();
		assertThat(holder.acquire()).as("the same pipeline after a reconnect").isTrue();
		assertThat(holder.epoch()).isEqualTo(1);
		Path file = this.storage.resolve("leases/camera");
		Files.delete(file);
		Files.createDirectory(file);
		Thread.sleep(CHECK.toMillis() + 20);
		assertThatExceptionOfType(MediaFailure.class).isThrownBy(holder::confirm).satisfies((failure) -> {
			assertThat(failure.fenced()).as("unreadable is not taken over").isFalse();
			assertThat(failure.getMessage()).contains("cannot read the camera's lease", "check the shared volume");
		});
		assertThat(holder.lost()).isFalse();
		Files.delete(file);
		Files.writeString(file, "1 HELD worker-a/1\n");
		holder.confirm();
	}

}
