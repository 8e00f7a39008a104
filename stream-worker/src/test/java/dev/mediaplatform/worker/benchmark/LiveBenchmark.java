package dev.mediaplatform.worker.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.mediaplatform.worker.benchmark.Proc.Jvm;
import dev.mediaplatform.worker.benchmark.Proc.Machine;
import dev.mediaplatform.worker.benchmark.Proc.Window;
import dev.mediaplatform.worker.config.WorkerProperties;
import dev.mediaplatform.worker.media.AddressCheck;
import dev.mediaplatform.addresses.AddressPolicy;
import dev.mediaplatform.worker.media.ffmpeg.FfmpegEngine;
import org.bytedeco.javacpp.Loader;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static dev.mediaplatform.worker.benchmark.Bench.deleteTree;
import static dev.mediaplatform.worker.benchmark.Bench.mb;
import static dev.mediaplatform.worker.benchmark.Bench.pct;
import static dev.mediaplatform.worker.benchmark.Bench.progress;
import static dev.mediaplatform.worker.benchmark.Bench.sleep;

/**
 * The live-streaming benchmark: RTSP to live HLS for N cameras, live only and live with
 * recording from the same connection, in this JVM with {@link FfmpegEngine} ("ours")
 * against one {@code ffmpeg} process per camera (the program bundled with bytedeco), all
 * in one run against the same test camera, so that the ratios hold even on a noisy
 * machine.
 *
 * <p>
 * For each N it measures the time from the start call to the first playable playlist, the
 * CPU per stream over a steady window, the memory per stream (for ours the growth of this
 * JVM over its own idle baseline after a warm-up) and whether every stream kept producing
 * segments, and, for the sides that record, whether their chunk files grew and decode;
 * then it writes a Markdown report. A {@code main} class, not a test: run it with
 * {@code benchmarks/live-streaming}.
 */
public final class LiveBenchmark {

	private final Options options;

	private final Path work;

	private final EngineLog log = EngineLog.install();

	private final AtomicBoolean cleaned = new AtomicBoolean();

	private volatile boolean stopped;

	private volatile TestCamera camera;

	private volatile PhaseRunner runner;

	private LiveBenchmark(Options options) throws Exception {
		this.options = options;
		Path base = (options.workDir() != null) ? options.workDir() : Path.of(System.getProperty("java.io.tmpdir"));
		this.work = Files.createTempDirectory(Files.createDirectories(base), "live-benchmark-");
	}

	public static void main(String[] args) throws Exception {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("live-streaming: " + ex.getMessage());
			System.err.println(Options.USAGE);
			System.exit(64);
			return;
		}
		if (options.help()) {
			System.out.println(Options.USAGE);
			return;
		}
		LiveBenchmark benchmark = new LiveBenchmark(options);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			if (!benchmark.cleaned.get()) {
				System.err.println();
				progress("interrupted: stopping pipelines, ffmpeg processes and the camera");
			}
			benchmark.cleanup();
		}, "live-benchmark-cleanup"));
		int status = 0;
		try {
			benchmark.run();
		}
		catch (Exception ex) {
			if (!benchmark.stopped) {
				progress("FAILED: " + ex);
				ex.printStackTrace();
			}
			status = 1;
		}
		finally {
			benchmark.cleanup();
		}
		System.exit(status);
	}

	private void run() throws Exception {
		LocalDateTime started = LocalDateTime.now();
		Machine machine = Machine.describe();
		String code = describeCode(this.options.root());
		progress("machine: %s cores, %s, %s", machine.nproc(), machine.model(),
				machine.javaVersion().lines().findFirst().orElse("?"));
		progress("counts %s, steady window %d s, %d start repeats for N=1, %s s recording chunks, work folder %s",
				this.options.counts(), this.options.windowSeconds(), this.options.repeats(),
				FfmpegProcess.seconds(this.options.chunkSeconds()), this.work);

		progress("loading the FFmpeg natives and the bundled ffmpeg program (bytedeco)");
		Path ffmpeg = Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
		// one mount per stream, and one more for the keeper
		int keeperMount = this.options.maxCount() + 1;
		this.camera = new TestCamera(this.options.root(), this.options.codec(), keeperMount);
		this.camera.awaitReady();
		this.camera.startKeeper(ffmpeg, keeperMount, this.work.resolve("keeper.log"));
		this.runner = new PhaseRunner(this.options, this.work, this.camera, this.log, () -> this.stopped);

		progress("warm-up: one in-process pipeline (live and recording) and one ffmpeg process, not measured");
		// the worker's own defaults, with the baseline's HLS shape
		Binder binder = new Binder(new MapConfigurationPropertySource(
				Map.of("worker.media.segment-seconds", Double.toString(HlsStream.SEGMENT_SECONDS),
						"worker.media.playlist-size", Integer.toString(HlsStream.PLAYLIST_SIZE))));
		WorkerProperties.Media media = binder.bindOrCreate("worker.media", WorkerProperties.Media.class);
		FfmpegEngine.Settings settings = new FfmpegEngine.Settings(media.openTimeout(), media.ioTimeout(),
				media.stallTimeout(), media.segmentSeconds(), media.playlistSize(), media.transcodeBitrate(),
				this.options.chunkSeconds(), media.partSeconds());
		// The test camera listens on loopback, which only an operator can allow.
		FfmpegEngine engine = new FfmpegEngine(settings,
				AddressCheck.system(AddressPolicy.of(List.of("127.0.0.0/8"), List.of())));
		Side ours = Side.ours(engine, this.camera, false);
		Side theirs = Side.ffmpeg(ffmpeg, this.camera, null);
		Side oursRecording = Side.ours(engine, this.camera, true);
		Side theirsRecording = Side.ffmpeg(ffmpeg, this.camera, this.options.chunkSeconds());
		this.log.phase("warm-up");
		// with recording, so that the recording's code has run too before the baseline
		double warmupOurs = this.runner.warmUp(oursRecording);
		double warmupFfmpeg = this.runner.warmUp(theirs);
		List<Probe> probes = this.runner.probes(3);

		progress("baseline: idle JVM, 0 pipelines (after GC)");
		sleep(3000);
		Jvm baseline = Jvm.measure();
		progress("baseline: PSS %s, RSS %s, heap used %s, %d threads", mb(baseline.mem().pssKb()),
				mb(baseline.mem().rssKb()), mb(baseline.heapUsedBytes() / 1024), baseline.threads());
		int idleSeconds = Math.min(10, this.options.windowSeconds());
		progress("baseline: CPU of the idle JVM and of the camera with only the keeper client (%d s)", idleSeconds);
		Window idle = this.runner.window(idleSeconds, List.of());
		progress("baseline: JVM %s of a core, camera %s", pct(idle.selfPct()), pct(idle.cameraPct()));

		List<Phase> phases = new ArrayList<>();
		for (int n : this.options.counts()) {
			for (Side side : List.of(ours, theirs, oursRecording, theirsRecording)) {
				phases.add(this.runner.measure(side, n));
				this.camera.checkKeeper();
			}
		}
		String markdown = new Report(this.options, started, LocalDateTime.now(), machine, settings.toString(), code,
				warmupOurs, warmupFfmpeg, probes, baseline, idle, phases, this.log.lines(), this.log.counts(),
				this.camera.output())
			.markdown();
		Path out = this.options.output();
		Files.createDirectories(out.toAbsolutePath().getParent());
		Files.writeString(out, markdown, StandardCharsets.UTF_8);
		progress("report written to %s", out);
		System.out.println(markdown);
	}

	/** The commit measured, and whether the worker's code differs from it. */
	private static String describeCode(Path root) {
		String commit = Proc.command("git", "-C", root.toString(), "log", "-1", "--format=%h %ci %s").strip();
		if (commit.isEmpty() || commit.startsWith("fatal")) {
			return "not a git checkout";
		}
		long changed = Proc
			.command("git", "-C", root.toString(), "status", "--porcelain", "--", "stream-worker/src/main")
			.lines()
			.filter((l) -> !l.isBlank())
			.count();
		return "commit " + commit + "; stream-worker/src/main "
				+ ((changed == 0) ? "as committed" : "with " + changed + " uncommitted change(s)");
	}

	/** Stops whatever is still running; also from the shutdown hook after Ctrl-C. */
	private void cleanup() {
		if (!this.cleaned.compareAndSet(false, true)) {
			return;
		}
		this.stopped = true;
		if (this.runner != null) {
			this.runner.stopRunning();
		}
		if (this.camera != null) {
			this.camera.stop();
		}
		if (!this.options.keepFiles()) {
			deleteTree(this.work);
		}
	}

}
