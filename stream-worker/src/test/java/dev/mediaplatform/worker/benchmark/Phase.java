package dev.mediaplatform.worker.benchmark;

import java.util.ArrayList;
import java.util.List;

import dev.mediaplatform.worker.benchmark.Proc.Jvm;
import dev.mediaplatform.worker.benchmark.Proc.Mem;
import dev.mediaplatform.worker.benchmark.Proc.Window;
import dev.mediaplatform.worker.benchmark.TestCamera.KeeperView;

import static dev.mediaplatform.worker.benchmark.Bench.f2;

/**
 * What one configuration measured: ours or ffmpeg, live only or recording too, N streams.
 */
final class Phase {

	/** The goal from the issue: one GOP + 0.5 s. */
	static final double GOAL_SECONDS = 1.5;

	/** A gap between two playlist updates this long is reported as a stall. */
	static final double STALL_SECONDS = 2.5;

	final String kind;

	/** In this JVM (ours), or in processes (ffmpeg). */
	private final boolean inProcess;

	final boolean records;

	final int n;

	int starts;

	final List<Double> startSeconds = new ArrayList<>();

	/** To the poller's first sight of a segment: the same measure on both sides. */
	final List<Double> polledSeconds = new ArrayList<>();

	final List<Double> firstExtinf = new ArrayList<>();

	final List<Double> connectSeconds = new ArrayList<>();

	int live;

	Window window;

	/** This JVM for ours (with {@link #jvm}), the sum over the processes for ffmpeg. */
	Mem memory;

	Jvm jvm;

	double stopSeconds;

	final List<String> failures = new ArrayList<>();

	/** ffmpeg's stderr: the first line of each process, and the count of all. */
	final List<String> errors = new ArrayList<>();

	int errorLines;

	final List<Integer> segmentsInWindow = new ArrayList<>();

	double maxGapSeconds;

	final List<String> stalls = new ArrayList<>();

	KeeperView keeper;

	/** What its streams recorded, when the side records. */
	RecordingCheck.Output recording;

	/** Why a first try of this configuration was thrown away, or {@code null}. */
	String retried;

	Phase(Side side, int n) {
		this.kind = side.kind();
		this.inProcess = side.inProcess();
		this.records = side.records();
		this.n = n;
	}

	String label() {
		return this.kind + " N=" + this.n;
	}

	boolean ours() {
		return this.inProcess;
	}

	/**
	 * Whether the test camera stopped serving: it used next to no CPU in the window, when
	 * it encodes it uses a fifth of a core or more.
	 */
	boolean cameraStopped() {
		return this.window.cameraPct() < 2.0;
	}

	/** A side that records but whose chunks did not grow or decode: not measured. */
	boolean recordingFailed() {
		return this.records && (this.recording == null || !this.recording.ok());
	}

	/** This side's CPU in the window: this JVM for ours, the processes for ffmpeg. */
	double measuredPct() {
		return ours() ? this.window.selfPct() : this.window.childrenPct();
	}

	void addStart(HlsStream stream) {
		this.starts++;
		if (stream.started()) {
			this.startSeconds.add(stream.startSeconds());
			if (stream.firstPacket > 0) {
				this.connectSeconds.add(stream.secondsTo(stream.firstPacket));
			}
		}
		else {
			this.failures.add(stream.name + " " + stream.notLive());
		}
		if (stream.polledFirst > 0) {
			this.polledSeconds.add(stream.secondsTo(stream.polledFirst));
			this.firstExtinf.add(stream.firstExtinf);
		}
	}

	/** Counts the stream's updates in the window and notes its longest gap. */
	void addUpdates(HlsStream stream, long windowStart, long windowEnd) {
		int count = 0;
		long previous = windowStart;
		long maxGap = 0;
		for (long time : stream.updates()) {
			if (time >= windowStart && time <= windowEnd) {
				count++;
				maxGap = Math.max(maxGap, time - previous);
				previous = time;
			}
		}
		this.segmentsInWindow.add(count);
		double gap = Math.max(maxGap, windowEnd - previous) / 1e9;
		this.maxGapSeconds = Math.max(this.maxGapSeconds, gap);
		if (gap > STALL_SECONDS) {
			this.stalls
				.add(stream.name + ": " + count + " playlist updates in the window, longest gap " + f2(gap) + " s");
		}
	}

	double cpuPerStream() {
		return measuredPct() / this.n;
	}

	/** What the N streams added: ours over the idle JVM, ffmpeg whole processes. */
	Mem growth(Jvm baseline) {
		return ours() ? this.memory.minus(baseline.mem()) : this.memory;
	}

	/** The phase of this kind and N, or {@code null}. */
	static Phase find(List<Phase> phases, String kind, int n) {
		return phases.stream().filter((p) -> p.kind.equals(kind) && p.n == n).findFirst().orElse(null);
	}

	long goalMet() {
		return this.startSeconds.stream().filter((s) -> s <= GOAL_SECONDS).count();
	}

}
