package dev.mediaplatform.worker.benchmark;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.mediaplatform.worker.benchmark.Proc.Jvm;
import dev.mediaplatform.worker.benchmark.Proc.Machine;
import dev.mediaplatform.worker.benchmark.Proc.Mem;
import dev.mediaplatform.worker.benchmark.Proc.Window;

import static dev.mediaplatform.worker.benchmark.Bench.f2;
import static dev.mediaplatform.worker.benchmark.Bench.max;
import static dev.mediaplatform.worker.benchmark.Bench.mb;
import static dev.mediaplatform.worker.benchmark.Bench.median;
import static dev.mediaplatform.worker.benchmark.Bench.min;
import static dev.mediaplatform.worker.benchmark.Bench.pct;
import static dev.mediaplatform.worker.benchmark.Bench.percentile;
import static dev.mediaplatform.worker.benchmark.Bench.ratio;
import static dev.mediaplatform.worker.benchmark.Markdown.add;
import static dev.mediaplatform.worker.benchmark.Markdown.block;
import static dev.mediaplatform.worker.benchmark.Markdown.header;
import static dev.mediaplatform.worker.benchmark.Markdown.row;

/** The benchmark's results, and the Markdown report written from them. */
record Report(Options options, LocalDateTime started, LocalDateTime finished, Machine machine, String engineSettings,
		String code, double warmupOurs, double warmupFfmpeg, List<Probe> probes, Jvm baseline, Window idle,
		List<Phase> phases, List<String> engineLog, Map<String, Integer> engineLogCounts, List<String> cameraOutput) {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	String markdown() {
		StringBuilder md = new StringBuilder();
		appendSetup(md);
		appendResults(md);
		appendStartAnalysis(md);
		appendHealth(md);
		appendDetails(md);
		return md.toString();
	}

	private void appendSetup(StringBuilder md) {
		add(md, """
				# Live streaming benchmark (live, and live + recording): in-process FFmpeg vs one ffmpeg process per camera

				Run %s to %s with `%s`.

				- Machine: %s cores (nproc), %s, %s, Linux %s
				- Code: %s
				- Java: `%s`, JVM flags `%s`
				- Camera: `tools/test-camera/rtsp-camera.py --codec %s` (GStreamer RTSP server, one shared x264/x265 \
				encoder for all mounts, 1280x720 25 fps, ~1.5 Mbit/s, GOP 1 s), RTSP over TCP; one extra "keeper" \
				client (`ffmpeg -f null`) stays connected all the time so the camera keeps encoding like a real one.
				- HLS: hls_time 1 s, %d segments in the playlist, MPEG-TS segments. Ours: \
				`new FfmpegEngine(settings).run(...)` on its own thread per camera, with the worker's default settings \
				(`%s`). Baseline: `%s` (the program bundled with bytedeco).
				- Recording (the `+rec` configurations): the same live HLS and, from the same camera connection, \
				fragmented-MP4 chunks of %s s cut at keyframes. Ours: the same pipelines with recording wanted, into \
				a `RecordingFolder` per stream (a chunk's open marker is removed as soon as the chunk is closed, as \
				after its announcement; no Kafka). ffmpeg: the same process with a second output, \
				`%s`: the MP4 muxer options `ChunkRecorder` uses.
				- Steady window %d s per configuration, starting 3 s after all streams are live; N=1 start time from \
				%d extra starts plus the measured run (live only; the `+rec` configurations have no extra starts).

				""",
				TIME.format(this.started), TIME.format(this.finished), this.options.commandLine(), this.machine.nproc(),
				this.machine.model(), this.machine.memory(), this.machine.kernel(), this.code,
				this.machine.javaVersion().replace("\n", " / "), this.machine.jvmArgs(), this.options.codec(),
				HlsStream.PLAYLIST_SIZE, this.engineSettings, String.join(" ", ffmpegCommand(null)),
				FfmpegProcess.seconds(this.options.chunkSeconds()), recordingOutput(), this.options.windowSeconds(),
				this.options.repeats());
	}

	/** The baseline's command line as the report shows it. */
	private List<String> ffmpegCommand(Double chunkSeconds) {
		return FfmpegProcess.command("ffmpeg", "rtsp://.../camK", "<folder>/index.m3u8", "<chunks>", chunkSeconds);
	}

	/** What recording adds to the baseline's command line. */
	private String recordingOutput() {
		List<String> command = ffmpegCommand(this.options.chunkSeconds());
		return String.join(" ", command.subList(ffmpegCommand(null).size(), command.size()));
	}

	private void appendResults(StringBuilder md) {
		add(md, """
				## Results

				Ratios are ours / ffmpeg-per-process: below 1 means the in-process engine needs less.

				### Time from start to first playable playlist (s)

				Goal from the issue: at most one GOP + 0.5 s = %s s.

				""", f2(Phase.GOAL_SECONDS));
		header(md, "N", "ours median", "ours p90", "ours max", "ffmpeg median", "ffmpeg p90", "ffmpeg max",
				"ratio of medians", "goal met (ours)", "goal met (ffmpeg)");
		for (Pair pair : pairs()) {
			row(md, pair.n(), startStats(pair.ours()), startStats(pair.theirs()),
					ratio(median(pair.ours().polledSeconds), median(pair.theirs().polledSeconds)),
					pair.ours().goalMet() + "/" + pair.ours().starts,
					pair.theirs().goalMet() + "/" + pair.theirs().starts);
		}
		add(md, """

				Ours: from the `run` call to the first `segmentWritten` callback. ffmpeg: from process start to the \
				first read of `index.m3u8` that lists a segment (polled every 20 ms). The ratio compares both measured \
				the same way (ours also polled every 20 ms). Samples per row: N=1 has the extra starts, N>1 one start \
				per stream, all started together.

				### CPU per stream (%% of one core, steady window)

				""");
		header(md, "N", "ours", "ffmpeg", "ratio", "camera server (ours window / ffmpeg window)",
				"other load on the machine (ours / ffmpeg window)");
		for (Pair pair : pairs()) {
			Window ours = pair.ours().window;
			Window theirs = pair.theirs().window;
			row(md, pair.n(), pct(pair.ours().cpuPerStream()), pct(pair.theirs().cpuPerStream()),
					ratio(pair.ours().cpuPerStream(), pair.theirs().cpuPerStream()),
					pct(ours.cameraPct()) + " / " + pct(theirs.cameraPct()),
					pct(ours.otherPct()) + " / " + pct(theirs.otherPct()));
		}
		add(md, """

				Ours: utime+stime of this whole JVM (`/proc/self/stat`) over the window / N / wall time; the idle JVM \
				used %s of a core with 0 pipelines (included above, not subtracted). ffmpeg: the sum over the children \
				(`/proc/<pid>/stat`) / N / wall time. The camera server's CPU is the same work in both columns (with \
				only the keeper client it used %s); "other load" is the machine's busy time minus everything measured \
				here (other users of this shared machine), in %% of one core.

				### Memory per stream

				""", pct(this.idle.selfPct()), pct(this.idle.cameraPct()));
		header(md, "N", "ours PSS", "ffmpeg PSS", "ratio", "ours anonymous", "ffmpeg anonymous", "ratio", "ours RSS",
				"ffmpeg RSS", "ratio", "ours Java heap");
		for (Pair pair : pairs()) {
			double n = pair.n();
			Mem ours = pair.ours().growth(this.baseline);
			Mem theirs = pair.theirs().growth(this.baseline);
			row(md, pair.n(), memory(ours.pssKb() / n, theirs.pssKb() / n),
					memory(ours.anonKb() / n, theirs.anonKb() / n), memory(ours.rssKb() / n, theirs.rssKb() / n),
					mb((pair.ours().jvm.heapUsedBytes() - this.baseline.heapUsedBytes()) / 1024.0 / n));
		}
		String heap = this.machine.jvmArgs().contains("AlwaysPreTouch")
				? "The heap is fixed and pre-touched (`-Xms` = `-Xmx`, `AlwaysPreTouch`), so PSS/RSS growth is native "
						+ "memory, thread stacks and metadata; the Java heap column is the growth of the heap in use "
						+ "(already inside the pre-touched heap)."
				: "The Java heap was not pre-touched, so PSS/RSS growth includes heap pages touched by chance.";
		add(md, """

				Ours: (this JVM with N pipelines − the same JVM with 0 pipelines after the warm-up) / N, both after a \
				full GC, from `/proc/self/smaps_rollup`; the baseline was PSS %s, RSS %s, heap used %s. %s ffmpeg: \
				the sum over the children / N (whole processes). PSS splits shared pages (the FFmpeg libraries, libc) \
				among the processes that map them, so it is the fair sum for the ffmpeg processes; RSS counts shared \
				pages in every process. Anonymous (`Anonymous` in smaps_rollup: heaps, stacks, buffers, no file \
				pages) is the memory a stream really adds, and the steadiest figure for ours: this JVM maps the same \
				FFmpeg libraries (and the same JDK files) as the ffmpeg processes and other JVMs on the machine, so \
				its PSS, and its RSS less so, move when those processes start or exit, which is noise at small N.

				""", mb(this.baseline.mem().pssKb()), mb(this.baseline.mem().rssKb()),
				mb(this.baseline.heapUsedBytes() / 1024), heap);
		new RecordingSection(this.options, this.baseline, this.phases).append(md);
	}

	private static String startStats(Phase phase) {
		return f2(median(phase.startSeconds)) + " | " + f2(percentile(phase.startSeconds, 90)) + " | "
				+ f2(max(phase.startSeconds));
	}

	private static String memory(double oursKb, double theirsKb) {
		return mb(oursKb) + " | " + mb(theirsKb) + " | " + ratio(oursKb, theirsKb);
	}

	private void appendStartAnalysis(StringBuilder md) {
		List<Double> oursStart = new ArrayList<>();
		List<Double> oursConnect = new ArrayList<>();
		List<Double> oursExtinf = new ArrayList<>();
		List<Double> theirsStart = new ArrayList<>();
		List<Double> theirsExtinf = new ArrayList<>();
		int joins = 0;
		int jumps = 0;
		// live only, as the start time is live's
		for (Phase phase : this.phases.stream().filter((p) -> !p.records).toList()) {
			boolean ours = phase.ours();
			(ours ? oursStart : theirsStart).addAll(phase.startSeconds);
			(ours ? oursExtinf : theirsExtinf).addAll(phase.firstExtinf);
			oursConnect.addAll(phase.connectSeconds);
			// Only sequential starts (N=1) tell one join from the next; joins at the
			// same moment restart the camera together.
			if (phase.n == 1 && phase.keeper != null) {
				joins += phase.starts;
				jumps += phase.keeper.jumps();
			}
		}
		double connect = median(oursConnect);
		double extinf = median(oursExtinf);
		double rest = median(oursStart) - connect - extinf;
		double theirsFirst = median(theirsExtinf);
		add(md, """
				## Where the start time goes

				Observed over all starts: ours median %s s = RTSP connect and setup until the first packet %s s + %s s \
				until the keyframe the first segment starts with + the first segment (its `#EXTINF`) %s s. ffmpeg \
				median %s s, with a first segment of %s s. First segments ranged %s–%s s for ours, %s–%s s for ffmpeg.

				In general: a client that joins a camera whose encoder is already running (a real camera, or one \
				encoder shared by all viewers) gets the GOP in progress, which it cannot use, because a segment must \
				start with a keyframe: it waits for the next one (0 to 1 GOP). The HLS muxer then closes the first \
				segment only at the first keyframe at least `hls_time` (1 s = 1 GOP) later, so the first playable \
				playlist comes after setup + keyframe wait + one full GOP, up to ~2 GOPs, and misses the %s s goal \
				whenever the keyframe wait is longer than 0.5 s minus the setup.

				""", f2(median(oursStart)), f2(connect), f2(rest), f2(extinf), f2(median(theirsStart)), f2(theirsFirst),
				f2(min(oursExtinf)), f2(max(oursExtinf)), f2(min(theirsExtinf)), f2(max(theirsExtinf)),
				f2(Phase.GOAL_SECONDS));
		List<Probe> probes = this.probes.stream().filter((p) -> p.error() == null).toList();
		boolean untimedKey = !probes.isEmpty() && probes.stream().allMatch((p) -> p.firstKey() && !p.firstTimed());
		boolean restarts = joins > 0 && jumps >= joins / 2;
		if (!restarts && !untimedKey) {
			return;
		}
		md.append("With this test camera it is different.");
		if (restarts) {
			add(md, " Each client's PLAY restarts the camera's shared pipeline (the keeper client saw %d timestamp jumps "
					+ "back during %d single-stream starts; clients that join together share a restart), so the first "
					+ "packet a new client gets is a fresh keyframe: no keyframe wait.", jumps, joins);
		}
		if (untimedKey) {
			add(md, "%s FFmpeg's RTSP demuxer hands out that first packet without a timestamp (%d direct probes: %s).",
					restarts ? " But" : " The first packet a new client gets is a keyframe, and", probes.size(),
					probes.get(0));
			if (rest < 0.5) {
				add(md, " FfmpegEngine keeps that keyframe (ours reached the keyframe its first segment starts with %s s "
						+ "after the first packet), so ours needs setup + 1 GOP.", f2(rest));
			}
			else {
				add(md, " FfmpegEngine dropped it (ours waited %s s after the first packet for the keyframe its first "
						+ "segment starts with), so it started with the next keyframe one GOP later and then needed a "
						+ "full 1 s segment: setup + 2 GOPs. Keeping that keyframe with a timestamp (the next "
						+ "packet's minus one frame) would bring ours to setup + 1 GOP, about %s s here.", f2(rest),
						f2(connect + 1.0));
			}
			if (theirsFirst > 1.5) {
				add(md, " The ffmpeg program keeps that keyframe with a guessed timestamp, but then its first GOP measures "
						+ "less than `hls_time`, so its first segment runs on to the following keyframe (%s s): 2 GOPs.",
						f2(theirsFirst));
			}
		}
		md.append("\n\n");
	}

	private void appendHealth(StringBuilder md) {
		md.append("## Health: errors, stalls, stops\n\n");
		header(md, "configuration", "live", "playlist updates per stream in the window (min / median)", "longest gap",
				"streams with a gap > " + f2(Phase.STALL_SECONDS) + " s", "stop time",
				"FFmpeg log lines: ours (via FfmpegEngine) / ffmpeg stderr",
				"camera timestamp jumps seen by the keeper");
		for (Phase phase : this.phases) {
			List<Double> updates = phase.segmentsInWindow.stream().map(Integer::doubleValue).toList();
			row(md, phase.label(), phase.live + "/" + phase.n,
					String.format(Locale.ROOT, "%.0f / %.0f", min(updates), median(updates)),
					f2(phase.maxGapSeconds) + " s", phase.stalls.size(), f2(phase.stopSeconds) + " s",
					phase.ours() ? this.engineLogCounts.getOrDefault(phase.label(), 0) : phase.errorLines,
					(phase.keeper != null)
							? phase.keeper.jumps() + " (up to " + f2(phase.keeper.maxBackSeconds()) + " s back)" : "-");
		}
		add(md, """

				Expected: about %d playlist updates per stream in a %d s window (one per 1 s segment; ffmpeg's are \
				seen by polling the modification time every 100 ms). Timestamp jumps: each time the keeper's \
				timestamps went back (the camera restarted its shared pipeline), counted over the configuration \
				including its extra starts.

				""", this.options.windowSeconds(), this.options.windowSeconds());
		List<String> problems = new ArrayList<>();
		for (Phase phase : this.phases) {
			phase.failures.forEach((f) -> problems.add(phase.label() + ": " + f));
			phase.stalls.forEach((s) -> problems.add(phase.label() + ": stall: " + s));
			phase.errors.forEach((e) -> problems.add(phase.label() + ": ffmpeg stderr: " + e));
		}
		if (problems.isEmpty()) {
			md.append("No failures, stalls or ffmpeg errors.\n\n");
		}
		else {
			block(md, "Failures, stalls and ffmpeg errors (first 40):", problems, 40);
		}
		List<String> retries = this.phases.stream()
			.filter((p) -> p.retried != null)
			.map((p) -> p.label() + ": " + p.retried + "; it was restarted and this is the second try")
			.toList();
		if (!retries.isEmpty()) {
			block(md, "Configurations run again:", retries, 40);
		}
		if (!this.engineLog.isEmpty()) {
			block(md, "FFmpeg messages logged through `FfmpegEngine` and any warnings, per configuration ("
					+ this.engineLogCounts + "; first 40):", this.engineLog, 40);
		}
		this.phases.stream()
			.filter((p) -> p.keeper != null && p.keeper.example() != null)
			.findFirst()
			.ifPresent((p) -> block(md, "A timestamp jump as the keeper logged it (" + p.label() + "):",
					List.of(p.keeper.example()), 1));
		if (!this.cameraOutput.isEmpty()) {
			block(md, "Camera output (first 20 lines):", this.cameraOutput, 20);
		}
	}

	private void appendDetails(StringBuilder md) {
		add(md, """
				## Details

				Warm-up (not in the results): first in-process pipeline %s s to its first playlist (class and native \
				library loading included), first ffmpeg process %s s.

				""", f2(this.warmupOurs), f2(this.warmupFfmpeg));
		if (!this.probes.isEmpty()) {
			md.append("Direct probes of /cam1 with FFmpeg's RTSP demuxer "
					+ "(the first video packets of a fresh session):\n\n");
			this.probes.forEach((p) -> md.append("- ").append(p).append('\n'));
			md.append('\n');
		}
		header(md, "configuration", "measured CPU (total)", "camera", "keeper", "this JVM", "machine busy",
				"load average", "PSS", "RSS", "heap used", "threads");
		details(md, "idle, 0 pipelines", this.idle.selfPct(), this.idle, this.baseline.mem(), this.baseline);
		for (Phase phase : this.phases) {
			details(md, phase.label() + (phase.recordingFailed() ? " (recording failed)" : ""), phase.measuredPct(),
					phase.window, phase.memory, phase.jvm);
		}
		md.append("\nCPU in % of one core over the window (machine busy: all cores, from `/proc/stat`). Memory: "
				+ "ours is the whole JVM, ffmpeg the sum over its processes.\n\n");
		md.append("Start times (s), sorted:\n\n");
		for (Phase phase : this.phases) {
			add(md, "- %s: %s\n", phase.label(),
					phase.startSeconds.stream().sorted().map(Bench::f2).collect(Collectors.joining(" ")));
		}
		md.append('\n');
	}

	private static void details(StringBuilder md, String label, double measuredPct, Window window, Mem memory,
			Jvm jvm) {
		row(md, label, pct(measuredPct), pct(window.cameraPct()), pct(window.keeperPct()), pct(window.selfPct()),
				pct(window.machineBusyPct()), window.loadAverage(), mb(memory.pssKb()), mb(memory.rssKb()),
				(jvm != null) ? mb(jvm.heapUsedBytes() / 1024) : "-", (jvm != null) ? jvm.threads() : "-");
	}

	/** The ours and ffmpeg phases of each N, in the order of the command line. */
	private List<Pair> pairs() {
		List<Pair> pairs = new ArrayList<>();
		for (int n : this.options.counts()) {
			Phase ours = Phase.find(this.phases, "ours", n);
			Phase theirs = Phase.find(this.phases, "ffmpeg", n);
			if (ours != null && theirs != null) {
				pairs.add(new Pair(n, ours, theirs));
			}
		}
		return pairs;
	}

	private record Pair(int n, Phase ours, Phase theirs) {

	}

}
