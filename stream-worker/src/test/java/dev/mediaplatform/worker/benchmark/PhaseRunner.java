package dev.mediaplatform.worker.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.mediaplatform.worker.benchmark.Proc.Jvm;
import dev.mediaplatform.worker.benchmark.Proc.Mem;
import dev.mediaplatform.worker.benchmark.Proc.Ticks;
import dev.mediaplatform.worker.benchmark.Proc.Window;

import static dev.mediaplatform.worker.benchmark.Bench.deleteTree;
import static dev.mediaplatform.worker.benchmark.Bench.f2;
import static dev.mediaplatform.worker.benchmark.Bench.jitter;
import static dev.mediaplatform.worker.benchmark.Bench.mb;
import static dev.mediaplatform.worker.benchmark.Bench.pct;
import static dev.mediaplatform.worker.benchmark.Bench.progress;
import static dev.mediaplatform.worker.benchmark.Bench.sleep;

/**
 * The measurement phases, the same for both sides: warm-up, single-stream starts, and N
 * streams started together, then measured over a steady window.
 */
final class PhaseRunner {

	private final Options options;

	private final Path work;

	private final TestCamera camera;

	private final EngineLog log;

	/** Set by the cleanup after Ctrl-C: the waits end. */
	private final BooleanSupplier stopped;

	private final Set<HlsStream> running = ConcurrentHashMap.newKeySet();

	PhaseRunner(Options options, Path work, TestCamera camera, EngineLog log, BooleanSupplier stopped) {
		this.options = options;
		this.work = work;
		this.camera = camera;
		this.log = log;
		this.stopped = stopped;
	}

	/** One stream, not measured; returns its start time. */
	double warmUp(Side side) throws Exception {
		// a few segments on, so that the steady state's code has run too
		HlsStream stream = startOne(side, "warmup-" + side.kind(), 2500);
		if (!stream.started()) {
			throw new IllegalStateException(
					"warm-up " + stream.name + " did not produce a segment: " + stream.notLive());
		}
		progress("warm-up: %s, first playlist after %s s", side.kind(), f2(stream.startSeconds()));
		return stream.startSeconds();
	}

	List<Probe> probes(int times) {
		List<Probe> probes = new ArrayList<>();
		for (int i = 1; i <= times; i++) {
			jitter();
			probes.add(Probe.take(this.camera.url(1)));
			progress("probe %d/%d: %s", i, times, probes.get(i - 1));
		}
		return probes;
	}

	/**
	 * Runs the configuration; if the test camera stopped serving meanwhile, restarts it
	 * and runs the configuration again, once.
	 */
	Phase measure(Side side, int n) throws Exception {
		Phase phase = run(side, n);
		if (!phase.cameraStopped()) {
			return phase;
		}
		String why = String.format(Locale.ROOT,
				"the test camera stopped serving during the first try (%s of a core in the window, %d/%d streams live)",
				pct(phase.window.cameraPct()), phase.live, n);
		progress("%s: %s: restarting it and running the configuration again", phase.label(), why);
		this.camera.restart();
		Phase again = run(side, n);
		again.retried = why;
		return again;
	}

	private Phase run(Side side, int n) throws Exception {
		Phase phase = new Phase(side, n);
		this.log.phase(phase.label());
		// the camera's timestamp jumps from here on belong to this phase
		this.camera.keeperView();
		// the start-time distribution is live's: the sides that record skip it
		int repeats = (n == 1 && !side.records()) ? this.options.repeats() : 0;
		for (int i = 1; i <= repeats; i++) {
			jitter();
			String label = side.kind() + "-n1-start" + i;
			HlsStream stream = startOne(side, label, 0);
			phase.addStart(stream);
			progress("%s: start %d/%d: first playlist after %s s", phase.label(), i, repeats,
					stream.started() ? f2(stream.startSeconds()) : "- (" + stream.notLive() + ")");
			deleteTree(this.work.resolve(label));
		}

		progress("%s: starting %d %s", phase.label(), n, (n == 1) ? side.one() : side.many());
		String label = side.kind() + "-n" + n;
		// An ffmpeg process has no callbacks: its segments are seen as playlist rewrites.
		PlaylistPoller poller = launch(side, n, label, !phase.ours(), 30 + n);
		List<HlsStream> streams = poller.streams;
		if (phase.ours()) {
			poller.finish();
		}
		streams.forEach(phase::addStart);
		phase.live = (int) streams.stream().filter(HlsStream::live).count();
		progress("%s: %d/%d live, first playlist median %s s, max %s s", phase.label(), phase.live, n,
				f2(Bench.median(phase.startSeconds)), f2(Bench.max(phase.startSeconds)));

		sleep(3000);
		progress("%s: steady window %d s", phase.label(), this.options.windowSeconds());
		List<Long> pids = streams.stream().flatMap((stream) -> stream.pids().stream()).toList();
		RecordingCheck recording = side.records() ? new RecordingCheck(streams) : null;
		if (recording != null) {
			recording.windowStarts();
		}
		long windowStart = System.nanoTime();
		phase.window = window(this.options.windowSeconds(), pids);
		long windowEnd = System.nanoTime();
		if (recording != null) {
			recording.windowEnds((windowEnd - windowStart) / 1e9);
		}
		poller.finish();
		streams.forEach((stream) -> phase.addUpdates(stream, windowStart, windowEnd));
		progress("%s: CPU %s of a core (%s per stream), camera %s, this JVM %s", phase.label(),
				pct(phase.measuredPct()), pct(phase.cpuPerStream()), pct(phase.window.cameraPct()),
				pct(phase.window.selfPct()));

		phase.jvm = phase.ours() ? Jvm.measure() : null;
		phase.memory = phase.ours() ? phase.jvm.mem() : pids.stream().map(Mem::of).reduce(Mem.ZERO, Mem::plus);
		progress("%s: memory PSS %s, RSS %s%s", phase.label(), mb(phase.memory.pssKb()), mb(phase.memory.rssKb()),
				phase.ours() ? ", heap used " + mb(phase.jvm.heapUsedBytes() / 1024) + ", " + phase.jvm.threads()
						+ " threads" : " (sums over the processes)");
		long stopped = System.nanoTime();
		phase.stopSeconds = stop(streams);
		for (HlsStream stream : streams) {
			stream.addProblems(phase);
		}
		progress("%s: stopped in %s s%s%s", phase.label(), f2(phase.stopSeconds),
				phase.failures.isEmpty() ? "" : ", " + phase.failures.size() + " failure(s)",
				(phase.errorLines == 0) ? "" : ", " + phase.errorLines + " error line(s) from ffmpeg");
		if (recording != null) {
			phase.recording = recording.finish(phase, stopped);
			progress("%s: recording %s", phase.label(), phase.recording.summary());
		}
		phase.keeper = this.camera.keeperView();
		deleteTree(this.work.resolve(label));
		return phase;
	}

	/** CPU of this JVM, the camera, the keeper, the given processes and the machine. */
	Window window(int seconds, List<Long> pids) {
		Ticks start = Ticks.take(this.camera.pid(), this.camera.keeperPid(), pids);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (System.nanoTime() < deadline) {
			checkStopped();
			sleep(Math.min(250, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
		}
		return Ticks.take(this.camera.pid(), this.camera.keeperPid(), pids).since(start);
	}

	/**
	 * Starts N streams; waits until each has a playlist or has failed, or for the
	 * timeout.
	 */
	private PlaylistPoller launch(Side side, int n, String label, boolean follow, int timeoutSeconds) throws Exception {
		CountDownLatch gate = new CountDownLatch(1);
		List<HlsStream> streams = new ArrayList<>();
		for (int k = 1; k <= n; k++) {
			HlsStream stream = side.factory()
				.create(label + "-cam" + k, this.work.resolve(label).resolve("cam" + k), k);
			stream.start(gate);
			streams.add(stream);
			this.running.add(stream);
		}
		gate.countDown();
		PlaylistPoller poller = new PlaylistPoller(streams, follow);
		poller.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
		while (System.nanoTime() < deadline && !streams.stream().allMatch(HlsStream::doneStarting)) {
			checkStopped();
			sleep(PlaylistPoller.POLL_MILLIS);
		}
		checkStopped();
		// ours reports its first segment itself, a moment before the poller can see it
		poller.awaitStarted(2000);
		return poller;
	}

	private HlsStream startOne(Side side, String label, long keepMillis) throws Exception {
		PlaylistPoller poller = launch(side, 1, label, false, 30);
		sleep(keepMillis);
		poller.finish();
		stop(poller.streams);
		return poller.streams.get(0);
	}

	/** Stops the streams together and waits for them; returns how long that took. */
	private double stop(List<HlsStream> streams) {
		long start = System.nanoTime();
		streams.forEach(HlsStream::requestStop);
		for (HlsStream stream : streams) {
			if (stream.awaitStop(start)) {
				this.running.remove(stream);
			}
		}
		return (System.nanoTime() - start) / 1e9;
	}

	/** For the cleanup after a failure or Ctrl-C. */
	void stopRunning() {
		stop(new ArrayList<>(this.running));
	}

	private void checkStopped() {
		if (this.stopped.getAsBoolean()) {
			throw new IllegalStateException("interrupted");
		}
	}

}
