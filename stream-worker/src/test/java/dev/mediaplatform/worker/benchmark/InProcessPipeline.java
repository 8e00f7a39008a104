package dev.mediaplatform.worker.benchmark;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.mediaplatform.worker.media.ffmpeg.FfmpegEngine;
import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import dev.mediaplatform.worker.media.RecordedChunk;
import dev.mediaplatform.worker.media.RecordingFolder;
import dev.mediaplatform.worker.storage.StorageLayout;

import static dev.mediaplatform.worker.benchmark.Bench.f2;

/**
 * Ours: one {@link FfmpegEngine#run} on its own thread in this JVM, and what it reported.
 * When it records, its chunks go to a {@link RecordingFolder} of their own storage root
 * (the chunks folder), for a random camera id, as in the worker.
 */
final class InProcessPipeline extends HlsStream implements MediaEngine.Session {

	private final FfmpegEngine engine;

	private final LiveSource source;

	private final RecordingFolder recordings;

	/** Failures the engine reported and chunks it threw away. */
	private final List<String> recordingProblems = new CopyOnWriteArrayList<>();

	private Thread thread;

	private volatile boolean stop;

	private volatile boolean stuck;

	private volatile long firstSegment;

	private volatile long ended;

	private volatile String failure;

	InProcessPipeline(String name, Path folder, FfmpegEngine engine, LiveSource source, boolean records) {
		super(name, folder, records);
		this.engine = engine;
		this.source = source;
		this.recordings = records ? new RecordingFolder(new StorageLayout(this.chunks), UUID.randomUUID().toString())
				: null;
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
			this.engine.run(this.source, new MediaEngine.Outputs(this.folder, this.recordings, Clock.systemUTC()),
					this);
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
	public boolean liveWanted() {
		return true;
	}

	@Override
	public boolean recordingWanted() {
		return this.recordings != null;
	}

	/** As the worker does once a chunk's end is announced: its marker goes. */
	@Override
	public void chunkClosed(RecordedChunk chunk) {
		if (chunk.complete()) {
			this.recordings.announced(chunk.startMillis());
		}
		else {
			this.recordingProblems.add("chunk " + chunk.startMillis() + " had nothing playable and was removed");
		}
	}

	@Override
	public void recordingFailed(String reason) {
		this.recordingProblems.add("recording failed: " + reason);
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
		this.recordingProblems.forEach((problem) -> phase.failures.add(this.name + ": " + problem));
	}

}
