package dev.mediaplatform.worker.benchmark;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.mediaplatform.worker.media.FfmpegEngine;
import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;

import static dev.mediaplatform.worker.benchmark.Bench.f2;

/**
 * Ours: one {@link FfmpegEngine#run} on its own thread in this JVM, and what it reported.
 */
final class InProcessPipeline extends HlsStream implements MediaEngine.Session {

	private final FfmpegEngine engine;

	private final LiveSource source;

	private Thread thread;

	private volatile boolean stop;

	private volatile boolean stuck;

	private volatile long firstSegment;

	private volatile long ended;

	private volatile String failure;

	InProcessPipeline(String name, Path folder, FfmpegEngine engine, LiveSource source) {
		super(name, folder);
		this.engine = engine;
		this.source = source;
	}

	@Override
	void start(CountDownLatch gate) {
		this.thread = new Thread(() -> run(gate), this.name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void run(CountDownLatch gate) {
		try {
			gate.await();
			this.t0 = System.nanoTime();
			this.engine.run(this.source, this.folder, this);
		}
		catch (MediaFailure ex) {
			this.failure = ex.getMessage();
		}
		catch (Throwable ex) {
			this.failure = ex.toString();
		}
		finally {
			this.ended = System.nanoTime();
		}
	}

	@Override
	void requestStop() {
		this.stop = true;
	}

	@Override
	boolean awaitStop(long since) {
		try {
			this.thread.join(Math.max(1, (since + TimeUnit.SECONDS.toNanos(10) - System.nanoTime()) / 1_000_000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.stuck = this.thread.isAlive();
		return !this.stuck;
	}

	@Override
	public boolean stopRequested() {
		return this.stop;
	}

	@Override
	public void segmentWritten(Instant at) {
		long now = System.nanoTime();
		if (this.firstSegment == 0) {
			this.firstSegment = now;
		}
		updated(now);
	}

	@Override
	public void received(long bytes) {
		if (this.firstPacket == 0) {
			this.firstPacket = System.nanoTime();
		}
	}

	@Override
	long firstPlaylist() {
		return this.firstSegment;
	}

	@Override
	boolean running() {
		return this.ended == 0;
	}

	@Override
	String notLive() {
		return (this.failure != null) ? "never went live: " + this.failure : "had no segment after the start timeout";
	}

	@Override
	List<Long> pids() {
		return List.of();
	}

	@Override
	void addProblems(Phase phase) {
		if (this.failure != null) {
			phase.failures.add(this.name + " ended at +" + f2(secondsTo(this.ended)) + " s: " + this.failure);
		}
		else if (this.stuck) {
			phase.failures.add(this.name + " did not stop within 10 s");
		}
	}

}
