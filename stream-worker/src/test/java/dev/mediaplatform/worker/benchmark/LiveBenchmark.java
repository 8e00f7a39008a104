package dev.mediaplatform.worker.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.mediaplatform.worker.config.WorkerProperties;
import dev.mediaplatform.worker.media.FfmpegEngine;
import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.Loader;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

/**
 * The live-streaming benchmark: RTSP to live HLS for N cameras, in this JVM with
 * {@link FfmpegEngine} ("ours") against one {@code ffmpeg} process per camera (the
 * program bundled with bytedeco, the usual way to do it), both in one run against the
 * same test camera, so that the ratios hold even on a noisy machine.
 *
 * <p>
 * For each N it measures the time from the start call to the first playable playlist (one
 * segment or more), the CPU per stream over a steady window, the memory per stream (PSS
 * and RSS; for ours the growth of this JVM over its own idle baseline after a warm-up)
 * and whether every stream kept producing segments. Writes a Markdown report. A
 * {@code main} class, not a test: run it with {@code benchmarks/live-streaming}.
 */
public final class LiveBenchmark {

	private static final double GOAL_SECONDS = 1.5;

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

	private static final double SEGMENT_SECONDS = 1.0;

	private static final int PLAYLIST_SIZE = 6;

	/** A gap between two playlist updates this long is reported as a stall. */
	private static final double STALL_SECONDS = 2.5;

	private static final long POLL_MILLIS = 20;

	private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+)");

	private static final Pattern DTS_JUMP = Pattern
		.compile("non monotonically increasing dts to muxer in stream \\d+: (-?\\d+) >= (-?\\d+)");

	private final Options options;

	private final Path work;

	private final long clockTicks;

	private final AtomicBoolean cleaned = new AtomicBoolean();

	private volatile boolean stopAll;

	private volatile String phase = "setup";

	private final Set<OursPipeline> runningPipelines = ConcurrentHashMap.newKeySet();

	private final Set<Child> runningChildren = ConcurrentHashMap.newKeySet();

	private final List<String> engineWarnings = Collections.synchronizedList(new ArrayList<>());

	private final Map<String, AtomicInteger> engineWarningsByPhase = new ConcurrentHashMap<>();

	private final List<String> cameraOutput = Collections.synchronizedList(new ArrayList<>());

	private Process camera;

	private OutputStream cameraStdin;

	private String cameraBase;

	private Child keeper;

	private long keeperLogOffset;

	private Path ffmpeg;

	private FfmpegEngine engine;

	private LiveBenchmark(Options options) throws IOException {
		this.options = options;
		Path base = (options.workDir != null) ? options.workDir : Path.of(System.getProperty("java.io.tmpdir"));
		Files.createDirectories(base);
		this.work = Files.createTempDirectory(base, "live-benchmark-");
		this.clockTicks = clockTicks();
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
		if (options.help) {
			System.out.println(Options.USAGE);
			return;
		}
		LiveBenchmark benchmark = new LiveBenchmark(options);
		benchmark.captureEngineLog();
		Thread hook = new Thread(() -> {
			if (!benchmark.cleaned.get()) {
				System.err.println();
				progress("interrupted: stopping pipelines, ffmpeg processes and the camera");
			}
			benchmark.cleanup();
		}, "live-benchmark-cleanup");
		Runtime.getRuntime().addShutdownHook(hook);
		int status = 0;
		try {
			benchmark.run();
		}
		catch (Exception ex) {
			if (!benchmark.stopAll) {
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

	// ---------------------------------------------------------------- the run

	private void run() throws Exception {
		Report report = new Report();
		report.started = LocalDateTime.now();
		report.machine = Machine.describe();
		progress("machine: %s cores, %s, %s", report.machine.nproc, report.machine.model,
				report.machine.javaVersion.lines().findFirst().orElse("?"));
		progress("counts %s, steady window %d s, %d start repeats for N=1, work folder %s", this.options.counts,
				this.options.windowSeconds, this.options.repeats, this.work);

		progress("loading the FFmpeg natives and the bundled ffmpeg program (bytedeco)");
		this.ffmpeg = Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
		int maxN = this.options.counts.stream().mapToInt(Integer::intValue).max().orElse(1);
		startCamera(maxN + 1);
		startKeeper(maxN + 1);

		progress("warm-up: one in-process pipeline and one ffmpeg process, not measured");
		// The worker's own defaults (application properties), with the HLS shape of the
		// baseline's command line.
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("worker.media.segment-seconds",
				Double.toString(SEGMENT_SECONDS), "worker.media.playlist-size", Integer.toString(PLAYLIST_SIZE))));
		WorkerProperties.Media media = binder.bindOrCreate("worker.media", WorkerProperties.Media.class);
		report.engineSettings = media.settings().toString();
		report.code = describeCode(this.options.root);
		this.engine = new FfmpegEngine(media.settings());
		report.warmupOurs = warmUpOurs();
		report.warmupFfmpeg = warmUpFfmpeg();
		report.probes = probeFirstPackets(3);

		progress("baseline: idle JVM, 0 pipelines (after GC)");
		sleep(3000);
		report.baseline = SelfMemory.measure();
		progress("baseline: PSS %s, RSS %s, heap used %s, %d threads", mb(report.baseline.mem.pssKb),
				mb(report.baseline.mem.rssKb), mb(report.baseline.heapUsedBytes / 1024), report.baseline.threads);
		int idleSeconds = Math.min(10, this.options.windowSeconds);
		progress("baseline: CPU of the idle JVM and of the camera with only the keeper client (%d s)", idleSeconds);
		report.idle = measureWindow(idleSeconds, List.of());
		progress("baseline: JVM %s of a core, camera %s", pct(report.idle.selfPct), pct(report.idle.cameraPct));

		for (int n : this.options.counts) {
			report.phases.add(runOurs(n));
			checkKeeper();
			report.phases.add(runFfmpeg(n));
			checkKeeper();
		}
		report.finished = LocalDateTime.now();
		report.engineWarnings = new ArrayList<>(this.engineWarnings);
		report.engineWarningsByPhase = this.engineWarningsByPhase.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (e) -> e.getValue().get()));
		report.cameraOutput = new ArrayList<>(this.cameraOutput);

		String markdown = report.markdown(this.options);
		Path out = this.options.output();
		Files.createDirectories(out.toAbsolutePath().getParent());
		Files.writeString(out, markdown, StandardCharsets.UTF_8);
		progress("report written to %s", out);
		System.out.println(markdown);
	}

	/** The commit measured, and whether the worker's code differs from it. */
	private static String describeCode(Path root) {
		String commit = Machine.command("git", "-C", root.toString(), "log", "-1", "--format=%h %ci %s").strip();
		if (commit.isEmpty() || commit.startsWith("fatal")) {
			return "not a git checkout";
		}
		long changed = Machine
			.command("git", "-C", root.toString(), "status", "--porcelain", "--", "stream-worker/src/main")
			.lines()
			.filter((l) -> !l.isBlank())
			.count();
		return "commit " + commit + "; stream-worker/src/main "
				+ ((changed == 0) ? "as committed" : "with " + changed + " uncommitted change(s)");
	}

	// ---------------------------------------------------------------- camera

	private void startCamera(int mounts) throws Exception {
		Path script = this.options.root.resolve("tools/test-camera/rtsp-camera.py");
		progress("starting the test camera: %s --mounts %d --codec %s", this.options.root.relativize(script), mounts,
				this.options.codec);
		ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", script.toString(), "--port", "0", "--mounts",
				Integer.toString(mounts), "--codec", this.options.codec, "--exit-on-stdin-eof");
		builder.redirectErrorStream(true);
		this.camera = builder.start();
		this.cameraStdin = this.camera.getOutputStream();
		CompletableFuture<String> ready = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(this.camera.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					if (!ready.isDone() && line.startsWith("READY ")) {
						ready.complete(line.substring(6).trim());
						continue;
					}
					this.cameraOutput.add(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
					System.err.println("  [camera] " + line);
				}
			}
			catch (IOException ex) {
				// the camera is gone
			}
			ready.complete(null);
		}, "camera-output");
		reader.setDaemon(true);
		reader.start();
		String url;
		try {
			url = ready.get(30, TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("the test camera did not print READY within 30 s");
		}
		if (url == null) {
			int exit = this.camera.waitFor();
			throw new IllegalStateException("the test camera exited (" + exit + ")"
					+ ((exit == 3) ? ": run tools/test-camera/install" : "") + ": " + this.cameraOutput);
		}
		if (!url.endsWith("/cam1")) {
			throw new IllegalStateException("unexpected READY line: " + url);
		}
		this.cameraBase = url.substring(0, url.length() - 1);
		progress("camera READY %s (pid %d)", url, this.camera.pid());
	}

	private String cameraUrl(int mount) {
		return this.cameraBase + mount;
	}

	/**
	 * One client stays connected from the first moment to the end, so that the camera
	 * encodes all the time like a real one (the test camera pauses its encoder when it
	 * has no client) and the measured clients join a running stream. Its log shows when
	 * the camera's timestamps jump back.
	 */
	private void startKeeper(int mount) throws Exception {
		Path log = this.work.resolve("keeper.log");
		progress("starting the keeper client on /cam%d (ffmpeg -f null, keeps the camera encoding)", mount);
		ProcessBuilder builder = new ProcessBuilder(this.ffmpeg.toString(), "-nostdin", "-loglevel", "warning",
				"-rtsp_transport", "tcp", "-i", cameraUrl(mount), "-c", "copy", "-f", "null", "-");
		builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		builder.redirectError(log.toFile());
		this.keeper = new Child("keeper", null, log);
		this.keeper.process = builder.start();
		sleep(3000);
		checkKeeper();
	}

	private void checkKeeper() throws IOException {
		if (this.keeper.process.isAlive()) {
			return;
		}
		throw new IllegalStateException("the keeper client died (exit " + this.keeper.process.exitValue()
				+ "); its log: " + tail(this.keeper.log, 10));
	}

	/** Timestamp jumps back that the keeper saw since the last call. */
	private KeeperView keeperView() {
		KeeperView view = new KeeperView();
		try (RandomAccessFile file = new RandomAccessFile(this.keeper.log.toFile(), "r")) {
			long length = file.length();
			byte[] bytes = new byte[(int) Math.max(0, length - this.keeperLogOffset)];
			file.seek(this.keeperLogOffset);
			file.readFully(bytes);
			this.keeperLogOffset = length;
			String previousLast = null;
			long previousCurrent = Long.MIN_VALUE;
			for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
				Matcher matcher = DTS_JUMP.matcher(line);
				if (matcher.find()) {
					view.lines++;
					// "last >= current": the muxer's last timestamp and the rejected one;
					// a new jump when the rejected ones go back again or a new run
					// starts.
					long current = Long.parseLong(matcher.group(2));
					if (!matcher.group(1).equals(previousLast) || current < previousCurrent) {
						view.jumps++;
						long back = Long.parseLong(matcher.group(1)) - current;
						view.maxBackSeconds = Math.max(view.maxBackSeconds, back / 90000.0);
						if (view.example == null) {
							view.example = line.strip();
						}
					}
					previousLast = matcher.group(1);
					previousCurrent = current;
				}
				else if (!line.isBlank()) {
					view.other++;
					if (view.otherExample == null) {
						view.otherExample = line.strip();
					}
				}
			}
		}
		catch (IOException ex) {
			view.otherExample = "cannot read the keeper log: " + ex.getMessage();
		}
		return view;
	}

	// ---------------------------------------------------------------- warm-up

	private double warmUpOurs() throws Exception {
		this.phase = "warm-up";
		List<OursPipeline> pipelines = startOurs(1, "warmup-ours");
		awaitLive(pipelines, 30);
		OursPipeline pipeline = pipelines.get(0);
		if (pipeline.firstSegment == 0) {
			stopOurs(pipelines);
			throw new IllegalStateException("warm-up pipeline did not produce a segment: " + pipeline.failure);
		}
		sleep(2500);
		stopOurs(pipelines);
		double seconds = pipeline.startSeconds();
		progress("warm-up: in-process pipeline, first playlist after %s s (cold: class loading included)", f2(seconds));
		return seconds;
	}

	private double warmUpFfmpeg() throws Exception {
		List<Child> children = startChildren(1, "warmup-ffmpeg");
		FirstPlaylistPoller poller = new FirstPlaylistPoller(new ArrayList<>(children), false);
		poller.start();
		awaitLive(children, 30);
		poller.finish();
		stopChildren(children);
		Child child = children.get(0);
		if (child.polledFirst == 0) {
			throw new IllegalStateException("warm-up ffmpeg did not produce a segment: " + tail(child.log, 10));
		}
		double seconds = child.startSeconds();
		progress("warm-up: ffmpeg process, first playlist after %s s", f2(seconds));
		return seconds;
	}

	/**
	 * Opens the camera with FFmpeg directly a few times and looks at the first video
	 * packets: whether the first one is a keyframe and whether it has a timestamp, and
	 * where the next keyframe is. Explains the start times; not measured.
	 */
	private List<Probe> probeFirstPackets(int times) {
		List<Probe> probes = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			sleep(ThreadLocalRandom.current().nextLong(500, 1500));
			Probe probe = probeOnce(cameraUrl(1));
			probes.add(probe);
			progress("probe %d/%d: %s", i + 1, times, probe);
		}
		return probes;
	}

	private static Probe probeOnce(String url) {
		long start = System.nanoTime();
		AVFormatContext in = avformat_alloc_context();
		AVDictionary options = new AVDictionary(null);
		av_dict_set(options, "rtsp_transport", "tcp", 0);
		av_dict_set(options, "timeout", "5000000", 0);
		int result = avformat_open_input(in, url, av_find_input_format("rtsp"), options);
		av_dict_free(options);
		if (result < 0) {
			return new Probe(false, false, Double.NaN, -1, Double.NaN, "cannot open: error " + result);
		}
		AVPacket packet = av_packet_alloc();
		try {
			boolean firstKey = false;
			boolean firstTimed = false;
			double firstAfter = Double.NaN;
			int video = -1;
			for (int i = 0; i < in.nb_streams(); i++) {
				if (in.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
					video = i;
					break;
				}
			}
			AVRational base = in.streams(Math.max(0, video)).time_base();
			int index = 0;
			while (index < 80 && av_read_frame(in, packet) >= 0) {
				try {
					if (packet.stream_index() != video) {
						continue;
					}
					boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
					boolean timed = packet.pts() != AV_NOPTS_VALUE || packet.dts() != AV_NOPTS_VALUE;
					if (index == 0) {
						firstKey = key;
						firstTimed = timed;
						firstAfter = (System.nanoTime() - start) / 1e9;
					}
					else if (key) {
						long time = (packet.pts() != AV_NOPTS_VALUE) ? packet.pts() : packet.dts();
						double seconds = (time == AV_NOPTS_VALUE) ? Double.NaN
								: (double) time * base.num() / base.den();
						return new Probe(firstKey, firstTimed, firstAfter, index, seconds, null);
					}
					index++;
				}
				finally {
					av_packet_unref(packet);
				}
			}
			return new Probe(firstKey, firstTimed, firstAfter, -1, Double.NaN, null);
		}
		finally {
			av_packet_free(packet);
			avformat_close_input(in);
		}
	}

	/** What the first video packets of a fresh RTSP session looked like. */
	record Probe(boolean firstKey, boolean firstTimed, double firstAfterSeconds, int nextKeyIndex,
			double nextKeySeconds, String error) {

		@Override
		public String toString() {
			if (this.error != null) {
				return this.error;
			}
			return "first video packet after " + f2(this.firstAfterSeconds) + " s: "
					+ (this.firstKey ? "keyframe" : "not a keyframe") + ", "
					+ (this.firstTimed ? "with a timestamp" : "without a timestamp (pts and dts unset)")
					+ "; next keyframe: packet " + this.nextKeyIndex + ", at " + f2(this.nextKeySeconds) + " s";
		}

	}

	// ---------------------------------------------------------------- ours

	private Phase runOurs(int n) throws Exception {
		Phase result = new Phase("ours", n);
		this.phase = result.label();
		this.keeperView();
		if (n == 1) {
			for (int i = 1; i <= this.options.repeats; i++) {
				sleep(ThreadLocalRandom.current().nextLong(500, 1500));
				List<OursPipeline> pipelines = startOurs(1, "ours-n1-start" + i);
				FirstPlaylistPoller poller = new FirstPlaylistPoller(new ArrayList<>(pipelines), false);
				poller.start();
				awaitLive(pipelines, 30);
				poller.awaitAll(2000);
				poller.finish();
				stopOurs(pipelines);
				OursPipeline pipeline = pipelines.get(0);
				result.addStart(pipeline);
				progress("%s: start %d/%d: first playlist after %s s", result.label(), i, this.options.repeats,
						(pipeline.firstSegment > 0) ? f2(pipeline.startSeconds()) : "- (" + pipeline.failure + ")");
				deleteTree(this.work.resolve("ours-n1-start" + i));
			}
		}
		progress("%s: starting %d pipeline%s in this JVM (%d threads, one start call each)", result.label(), n,
				(n == 1) ? "" : "s", n);
		String label = "ours-n" + n;
		List<OursPipeline> pipelines = startOurs(n, label);
		FirstPlaylistPoller poller = new FirstPlaylistPoller(new ArrayList<>(pipelines), false);
		poller.start();
		awaitLive(pipelines, 30 + n);
		poller.awaitAll(2000);
		poller.finish();
		for (OursPipeline pipeline : pipelines) {
			result.addStart(pipeline);
		}
		result.live = (int) pipelines.stream().filter((p) -> p.firstSegment > 0 && p.ended == 0).count();
		progress("%s: %d/%d live, first playlist median %s s, max %s s", result.label(), result.live, n,
				f2(Stats.median(result.startSeconds)), f2(Stats.max(result.startSeconds)));
		settle();
		progress("%s: steady window %d s", result.label(), this.options.windowSeconds);
		long windowStart = System.nanoTime();
		result.window = measureWindow(this.options.windowSeconds, List.of());
		long windowEnd = System.nanoTime();
		result.measuredPct = result.window.selfPct;
		for (OursPipeline pipeline : pipelines) {
			result.addSegments(pipeline.name, pipeline.segmentTimes(), windowStart, windowEnd);
		}
		progress("%s: CPU %s of a core in this JVM (%s per stream), camera %s", result.label(), pct(result.measuredPct),
				pct(result.measuredPct / n), pct(result.window.cameraPct));
		SelfMemory memory = SelfMemory.measure();
		result.memory = memory;
		progress("%s: memory PSS %s, RSS %s, heap used %s, %d threads", result.label(), mb(memory.mem.pssKb),
				mb(memory.mem.rssKb), mb(memory.heapUsedBytes / 1024), memory.threads);
		result.stopSeconds = stopOurs(pipelines);
		for (OursPipeline pipeline : pipelines) {
			if (pipeline.failure != null) {
				result.failures
					.add(pipeline.name + " ended at +" + f2(pipeline.endedSeconds()) + " s: " + pipeline.failure);
			}
			else if (pipeline.stuck) {
				result.failures.add(pipeline.name + " did not stop within 10 s");
			}
		}
		progress("%s: stopped in %s s%s", result.label(), f2(result.stopSeconds),
				result.failures.isEmpty() ? "" : ", " + result.failures.size() + " failure(s)");
		result.keeper = keeperView();
		deleteTree(this.work.resolve(label));
		return result;
	}

	private List<OursPipeline> startOurs(int n, String label) throws MediaFailure {
		CountDownLatch gate = new CountDownLatch(1);
		List<OursPipeline> pipelines = new ArrayList<>();
		for (int k = 1; k <= n; k++) {
			LiveSource source = LiveSource.of("cam" + k, cameraUrl(k), null, "tcp");
			OursPipeline pipeline = new OursPipeline(label + "-cam" + k, this.work.resolve(label).resolve("cam" + k),
					source);
			pipeline.thread = new Thread(() -> runPipeline(pipeline, gate), pipeline.name);
			pipeline.thread.setDaemon(true);
			pipelines.add(pipeline);
			this.runningPipelines.add(pipeline);
			pipeline.thread.start();
		}
		gate.countDown();
		return pipelines;
	}

	private void runPipeline(OursPipeline pipeline, CountDownLatch gate) {
		try {
			gate.await();
			pipeline.t0 = System.nanoTime();
			this.engine.run(pipeline.source, pipeline.folder, pipeline);
		}
		catch (MediaFailure ex) {
			pipeline.failure = ex.getMessage();
		}
		catch (Throwable ex) {
			pipeline.failure = ex.toString();
		}
		finally {
			pipeline.ended = System.nanoTime();
		}
	}

	/** Stops the pipelines and waits for them; returns how long they took. */
	private double stopOurs(List<OursPipeline> pipelines) {
		long start = System.nanoTime();
		for (OursPipeline pipeline : pipelines) {
			pipeline.stop = true;
		}
		long deadline = start + TimeUnit.SECONDS.toNanos(10);
		for (OursPipeline pipeline : pipelines) {
			try {
				pipeline.thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (pipeline.thread.isAlive()) {
				pipeline.stuck = true;
			}
			else {
				this.runningPipelines.remove(pipeline);
			}
		}
		return (System.nanoTime() - start) / 1e9;
	}

	// ---------------------------------------------------------------- ffmpeg

	private Phase runFfmpeg(int n) throws Exception {
		Phase result = new Phase("ffmpeg", n);
		this.phase = result.label();
		this.keeperView();
		if (n == 1) {
			for (int i = 1; i <= this.options.repeats; i++) {
				sleep(ThreadLocalRandom.current().nextLong(500, 1500));
				List<Child> children = startChildren(1, "ffmpeg-n1-start" + i);
				FirstPlaylistPoller poller = new FirstPlaylistPoller(new ArrayList<>(children), false);
				poller.start();
				awaitLive(children, 30);
				poller.finish();
				stopChildren(children);
				Child child = children.get(0);
				result.addStart(child);
				progress("%s: start %d/%d: first playlist after %s s", result.label(), i, this.options.repeats,
						(child.polledFirst > 0) ? f2(child.startSeconds()) : "- (" + tail(child.log, 2) + ")");
				deleteTree(this.work.resolve("ffmpeg-n1-start" + i));
			}
		}
		progress("%s: starting %d ffmpeg process%s", result.label(), n, (n == 1) ? "" : "es");
		String label = "ffmpeg-n" + n;
		List<Child> children = startChildren(n, label);
		FirstPlaylistPoller poller = new FirstPlaylistPoller(new ArrayList<>(children), true);
		poller.start();
		awaitLive(children, 30 + n);
		for (Child child : children) {
			result.addStart(child);
		}
		result.live = (int) children.stream().filter((c) -> c.polledFirst > 0 && c.process.isAlive()).count();
		progress("%s: %d/%d live, first playlist median %s s, max %s s", result.label(), result.live, n,
				f2(Stats.median(result.startSeconds)), f2(Stats.max(result.startSeconds)));
		settle();
		progress("%s: steady window %d s", result.label(), this.options.windowSeconds);
		long windowStart = System.nanoTime();
		result.window = measureWindow(this.options.windowSeconds, children);
		long windowEnd = System.nanoTime();
		result.measuredPct = result.window.childrenPct;
		poller.finish();
		for (Child child : children) {
			result.addSegments(child.name, child.segmentTimes(), windowStart, windowEnd);
		}
		progress("%s: CPU %s of a core in the ffmpeg processes (%s per stream), camera %s, this JVM %s", result.label(),
				pct(result.measuredPct), pct(result.measuredPct / n), pct(result.window.cameraPct),
				pct(result.window.selfPct));
		Mem sum = new Mem(0, 0, 0);
		for (Child child : children) {
			sum = sum.plus(Mem.of(child.process.pid()));
		}
		result.childMemory = sum;
		progress("%s: memory of the processes: PSS %s, RSS %s (sums)", result.label(), mb(sum.pssKb), mb(sum.rssKb));
		result.stopSeconds = stopChildren(children);
		for (Child child : children) {
			List<String> errors = Files.exists(child.log) ? Files.readAllLines(child.log) : List.of();
			errors = errors.stream().filter((l) -> !l.isBlank()).toList();
			if (!errors.isEmpty()) {
				result.childErrorLines += errors.size();
				if (result.childErrors.size() < 20) {
					result.childErrors.add(child.name + ": " + errors.get(0)
							+ ((errors.size() > 1) ? " (+" + (errors.size() - 1) + " more lines)" : ""));
				}
			}
			if (child.exitedEarly != null) {
				result.failures.add(child.name + ": " + child.exitedEarly);
			}
		}
		progress("%s: stopped in %s s%s", result.label(), f2(result.stopSeconds),
				(result.childErrorLines == 0) ? "" : ", " + result.childErrorLines + " error line(s) from ffmpeg");
		result.keeper = keeperView();
		deleteTree(this.work.resolve(label));
		return result;
	}

	private List<Child> startChildren(int n, String label) throws IOException {
		List<Child> children = new ArrayList<>();
		Files.createDirectories(this.work.resolve(label));
		for (int k = 1; k <= n; k++) {
			Path folder = this.work.resolve(label).resolve("cam" + k);
			Files.createDirectories(folder);
			Child child = new Child(label + "-cam" + k, folder, this.work.resolve(label).resolve("cam" + k + ".log"));
			ProcessBuilder builder = new ProcessBuilder(this.ffmpeg.toString(), "-nostdin", "-loglevel", "error",
					"-rtsp_transport", "tcp", "-i", cameraUrl(k), "-c", "copy", "-f", "hls", "-hls_time",
					Integer.toString((int) SEGMENT_SECONDS), "-hls_list_size", Integer.toString(PLAYLIST_SIZE),
					"-hls_flags", "delete_segments+temp_file", folder.resolve("index.m3u8").toString());
			builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
			builder.redirectError(child.log.toFile());
			child.t0 = System.nanoTime();
			child.process = builder.start();
			children.add(child);
			this.runningChildren.add(child);
		}
		return children;
	}

	/** Asks every process to quit (SIGTERM), kills those that do not within 5 s. */
	private double stopChildren(List<Child> children) {
		long start = System.nanoTime();
		for (Child child : children) {
			if (!child.process.isAlive() && child.exitedEarly == null) {
				child.exitedEarly = "exited by itself with " + child.process.exitValue();
			}
			child.process.destroy();
		}
		long deadline = start + TimeUnit.SECONDS.toNanos(5);
		for (Child child : children) {
			try {
				if (!child.process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					child.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.runningChildren.remove(child);
		}
		return (System.nanoTime() - start) / 1e9;
	}

	// ---------------------------------------------------------------- helpers

	private void awaitLive(List<? extends Target> targets, int timeoutSeconds) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
		while (System.nanoTime() < deadline && !this.stopAll) {
			if (targets.stream().allMatch(Target::doneStarting)) {
				return;
			}
			sleep(POLL_MILLIS);
		}
		if (this.stopAll) {
			throw new IllegalStateException("interrupted");
		}
	}

	private void settle() {
		sleep(3000);
	}

	/** CPU of this JVM, the camera, the keeper, the given processes and the machine. */
	private Window measureWindow(int seconds, List<Child> children) {
		CpuSnapshot start = snapshot(children);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (System.nanoTime() < deadline) {
			if (this.stopAll) {
				throw new IllegalStateException("interrupted");
			}
			sleep(Math.min(250, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
		}
		CpuSnapshot end = snapshot(children);
		Window window = new Window();
		double wall = (end.nanos - start.nanos) / 1e9;
		window.seconds = wall;
		window.selfPct = percent(end.self - start.self, wall);
		window.cameraPct = percent(end.camera - start.camera, wall);
		window.keeperPct = percent(end.keeper - start.keeper, wall);
		window.childrenPct = percent(end.children - start.children, wall);
		double machineTotal = end.machineTotal - start.machineTotal;
		double cores = Runtime.getRuntime().availableProcessors();
		window.machineBusyPct = (machineTotal > 0)
				? 100.0 * cores * (end.machineBusy - start.machineBusy) / machineTotal : Double.NaN;
		window.otherPct = window.machineBusyPct - window.selfPct - window.cameraPct - window.keeperPct
				- window.childrenPct;
		window.loadAverage = readQuietly(Path.of("/proc/loadavg")).strip();
		return window;
	}

	private double percent(long ticks, double wallSeconds) {
		return 100.0 * ticks / this.clockTicks / wallSeconds;
	}

	private CpuSnapshot snapshot(List<Child> children) {
		CpuSnapshot snapshot = new CpuSnapshot();
		snapshot.nanos = System.nanoTime();
		snapshot.self = cpuTicks("self");
		snapshot.camera = cpuTicks(Long.toString(this.camera.pid()));
		snapshot.keeper = cpuTicks(Long.toString(this.keeper.process.pid()));
		for (Child child : children) {
			snapshot.children += cpuTicks(Long.toString(child.process.pid()));
		}
		String[] cpu = readQuietly(Path.of("/proc/stat")).lines().findFirst().orElse("cpu").trim().split("\\s+");
		long total = 0;
		long idle = 0;
		for (int i = 1; i < Math.min(cpu.length, 9); i++) {
			long value = Long.parseLong(cpu[i]);
			total += value;
			if (i == 4 || i == 5) {
				idle += value;
			}
		}
		snapshot.machineTotal = total;
		snapshot.machineBusy = total - idle;
		return snapshot;
	}

	/** utime + stime of a process (all its threads), in clock ticks. */
	static long cpuTicks(String pid) {
		String stat = readQuietly(Path.of("/proc", pid, "stat"));
		int end = stat.lastIndexOf(')');
		if (end < 0) {
			return 0;
		}
		String[] fields = stat.substring(end + 2).split(" ");
		// fields[0] is field 3 (state): utime is field 14, stime field 15
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static long clockTicks() {
		try {
			Process process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			process.waitFor(5, TimeUnit.SECONDS);
			return Long.parseLong(out);
		}
		catch (Exception ex) {
			return 100;
		}
	}

	private void captureEngineLog() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.detachAndStopAllAppenders();
		root.setLevel(Level.INFO);
		// FFmpeg's own messages (warnings and errors; FfmpegEngine may log them at
		// debug).
		context.getLogger(FfmpegEngine.class).setLevel(Level.DEBUG);
		AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {

			@Override
			protected void append(ILoggingEvent event) {
				if (!event.getLevel().isGreaterOrEqual(Level.WARN)
						&& !event.getLoggerName().equals(FfmpegEngine.class.getName())) {
					return;
				}
				String phase = LiveBenchmark.this.phase;
				int count = LiveBenchmark.this.engineWarningsByPhase
					.computeIfAbsent(phase, (key) -> new AtomicInteger())
					.incrementAndGet();
				String line = LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + event.getLevel() + " ["
						+ event.getThreadName() + "] " + event.getFormattedMessage();
				if (LiveBenchmark.this.engineWarnings.size() < 200) {
					LiveBenchmark.this.engineWarnings.add(line);
				}
				if (count <= 5) {
					System.err.println("  [log] " + line);
				}
				else if (count == 6) {
					System.err.println("  [log] (more log lines in " + phase + " are counted in the report)");
				}
			}

		};
		appender.setContext(context);
		appender.setName("benchmark");
		appender.start();
		root.addAppender(appender);
	}

	private void cleanup() {
		if (!this.cleaned.compareAndSet(false, true)) {
			return;
		}
		this.stopAll = true;
		List<OursPipeline> pipelines = new ArrayList<>(this.runningPipelines);
		if (!pipelines.isEmpty()) {
			stopOurs(pipelines);
		}
		List<Child> children = new ArrayList<>(this.runningChildren);
		if (!children.isEmpty()) {
			stopChildren(children);
		}
		if (this.keeper != null && this.keeper.process != null) {
			stopChildren(List.of(this.keeper));
		}
		if (this.camera != null) {
			this.camera.destroy();
			try {
				if (!this.camera.waitFor(5, TimeUnit.SECONDS)) {
					this.camera.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				}
				this.cameraStdin.close();
			}
			catch (Exception ex) {
				// gone anyway
			}
		}
		if (!this.options.keepFiles) {
			deleteTree(this.work);
		}
	}

	// ---------------------------------------------------------------- small things

	static void progress(String format, Object... args) {
		System.err.printf(Locale.ROOT, "[%s] live-streaming: %s%n", LocalTime.now().format(CLOCK),
				String.format(Locale.ROOT, format, args));
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted");
		}
	}

	static String readQuietly(Path path) {
		try {
			return Files.readString(path, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	static String tail(Path file, int lines) {
		List<String> all;
		try {
			all = Files.readAllLines(file);
		}
		catch (IOException ex) {
			return "(no log)";
		}
		return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
	}

	static void deleteTree(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					// a file that an ffmpeg being killed just wrote; left in the temp
					// folder
				}
			});
		}
		catch (IOException ex) {
			// as above
		}
	}

	static String f2(double value) {
		return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
	}

	static String pct(double value) {
		return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f %%", value);
	}

	static String mb(double kb) {
		return Double.isNaN(kb) ? "-" : String.format(Locale.ROOT, "%.1f MB", kb / 1024);
	}

	static String ratio(double ours, double theirs) {
		if (Double.isNaN(ours) || Double.isNaN(theirs) || theirs == 0) {
			return "-";
		}
		return String.format(Locale.ROOT, "%.2f×", ours / theirs);
	}

	// ---------------------------------------------------------------- model

	/** Something whose playlist is polled for its first segment. */
	interface Target {

		Path playlist();

		long t0();

		boolean doneStarting();

		void polled(long nanos, double firstSegmentSeconds);

		boolean hasPolled();

		void playlistChanged(long nanos);

	}

	/** One in-process pipeline and what it reported. */
	static final class OursPipeline implements Target, MediaEngine.Session {

		final String name;

		final Path folder;

		final LiveSource source;

		Thread thread;

		volatile boolean stop;

		volatile boolean stuck;

		volatile long t0;

		volatile long firstPacket;

		volatile long firstSegment;

		volatile long polledFirst;

		volatile double firstExtinf = Double.NaN;

		volatile long ended;

		volatile String failure;

		private final List<Long> segments = Collections.synchronizedList(new ArrayList<>());

		OursPipeline(String name, Path folder, LiveSource source) {
			this.name = name;
			this.folder = folder;
			this.source = source;
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
			this.segments.add(now);
		}

		@Override
		public void received(long bytes) {
			if (this.firstPacket == 0) {
				this.firstPacket = System.nanoTime();
			}
		}

		@Override
		public Path playlist() {
			return this.folder.resolve("index.m3u8");
		}

		@Override
		public long t0() {
			return this.t0;
		}

		@Override
		public boolean doneStarting() {
			return this.firstSegment > 0 || this.ended > 0;
		}

		@Override
		public void polled(long nanos, double firstSegmentSeconds) {
			this.polledFirst = nanos;
			this.firstExtinf = firstSegmentSeconds;
		}

		@Override
		public boolean hasPolled() {
			return this.polledFirst > 0;
		}

		@Override
		public void playlistChanged(long nanos) {
		}

		double startSeconds() {
			return (this.firstSegment > 0) ? (this.firstSegment - this.t0) / 1e9 : Double.NaN;
		}

		double endedSeconds() {
			return (this.ended > 0) ? (this.ended - this.t0) / 1e9 : Double.NaN;
		}

		List<Long> segmentTimes() {
			synchronized (this.segments) {
				return new ArrayList<>(this.segments);
			}
		}

	}

	/** A child process: one ffmpeg per camera, or the keeper. */
	static final class Child implements Target {

		final String name;

		final Path folder;

		final Path log;

		Process process;

		volatile long t0;

		volatile long polledFirst;

		volatile double firstExtinf = Double.NaN;

		volatile String exitedEarly;

		private final List<Long> changes = Collections.synchronizedList(new ArrayList<>());

		Child(String name, Path folder, Path log) {
			this.name = name;
			this.folder = folder;
			this.log = log;
		}

		@Override
		public Path playlist() {
			return this.folder.resolve("index.m3u8");
		}

		@Override
		public long t0() {
			return this.t0;
		}

		@Override
		public boolean doneStarting() {
			if (this.polledFirst > 0) {
				return true;
			}
			if (!this.process.isAlive()) {
				if (this.exitedEarly == null) {
					this.exitedEarly = "exited with " + this.process.exitValue() + " before its first segment";
				}
				return true;
			}
			return false;
		}

		@Override
		public void polled(long nanos, double firstSegmentSeconds) {
			this.polledFirst = nanos;
			this.firstExtinf = firstSegmentSeconds;
			this.changes.add(nanos);
		}

		@Override
		public boolean hasPolled() {
			return this.polledFirst > 0;
		}

		@Override
		public void playlistChanged(long nanos) {
			this.changes.add(nanos);
		}

		double startSeconds() {
			return (this.polledFirst > 0) ? (this.polledFirst - this.t0) / 1e9 : Double.NaN;
		}

		List<Long> segmentTimes() {
			synchronized (this.changes) {
				return new ArrayList<>(this.changes);
			}
		}

	}

	/**
	 * Reads each playlist every 20 ms until it lists a segment; with {@code follow}, then
	 * notes every rewrite (modification time, every 100 ms) until finished.
	 */
	static final class FirstPlaylistPoller extends Thread {

		private final List<Target> targets;

		private final boolean follow;

		private final Map<Target, Long> modified = new LinkedHashMap<>();

		private volatile boolean finished;

		FirstPlaylistPoller(List<Target> targets, boolean follow) {
			super("playlist-poller");
			setDaemon(true);
			this.targets = targets;
			this.follow = follow;
		}

		@Override
		public void run() {
			long round = 0;
			while (!this.finished) {
				long now = System.nanoTime();
				for (Target target : this.targets) {
					if (target.t0() == 0) {
						continue;
					}
					if (!target.hasPolled()) {
						String text = readPlaylist(target.playlist());
						Matcher matcher = EXTINF.matcher(text);
						if (matcher.find()) {
							target.polled(now, Double.parseDouble(matcher.group(1)));
							this.modified.put(target, modifiedMillis(target.playlist()));
						}
					}
					else if (this.follow && round % 5 == 0) {
						long millis = modifiedMillis(target.playlist());
						Long before = this.modified.put(target, millis);
						if (before != null && before != millis) {
							target.playlistChanged(now);
						}
					}
				}
				round++;
				try {
					Thread.sleep(POLL_MILLIS);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		void awaitAll(long millis) {
			long deadline = System.nanoTime() + millis * 1_000_000;
			while (System.nanoTime() < deadline
					&& this.targets.stream().anyMatch(Predicate.not(Target::hasPolled).and((t) -> t.t0() > 0))) {
				LiveBenchmark.sleep(POLL_MILLIS);
			}
		}

		void finish() {
			this.finished = true;
			try {
				join(2000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private static String readPlaylist(Path playlist) {
			try {
				return Files.readString(playlist, StandardCharsets.UTF_8);
			}
			catch (NoSuchFileException ex) {
				return "";
			}
			catch (IOException ex) {
				return "";
			}
		}

		private static long modifiedMillis(Path playlist) {
			try {
				return Files.getLastModifiedTime(playlist).toMillis();
			}
			catch (IOException ex) {
				return -1;
			}
		}

	}

	record Mem(long rssKb, long pssKb, long anonKb) {

		static Mem of(Object pid) {
			long rss = 0;
			long pss = 0;
			long anonKb = 0;
			for (String line : readQuietly(Path.of("/proc", pid.toString(), "smaps_rollup")).split("\n")) {
				String[] parts = line.trim().split("\\s+");
				if (parts.length < 2) {
					continue;
				}
				switch (parts[0]) {
					case "Rss:" -> rss = Long.parseLong(parts[1]);
					case "Pss:" -> pss = Long.parseLong(parts[1]);
					case "Anonymous:" -> anonKb = Long.parseLong(parts[1]);
					default -> {
					}
				}
			}
			return new Mem(rss, pss, anonKb);
		}

		Mem plus(Mem other) {
			return new Mem(this.rssKb + other.rssKb, this.pssKb + other.pssKb, this.anonKb + other.anonKb);
		}

	}

	/** This JVM's memory after a full GC. */
	record SelfMemory(Mem mem, long heapUsedBytes, int threads) {

		static SelfMemory measure() {
			System.gc();
			sleep(500);
			System.gc();
			sleep(1000);
			return new SelfMemory(Mem.of("self"), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
					ManagementFactory.getThreadMXBean().getThreadCount());
		}

	}

	static final class CpuSnapshot {

		long nanos;

		long self;

		long camera;

		long keeper;

		long children;

		long machineBusy;

		long machineTotal;

	}

	/** CPU over a window, each in % of one core. */
	static final class Window {

		double seconds;

		double selfPct;

		double cameraPct;

		double keeperPct;

		double childrenPct;

		double machineBusyPct;

		double otherPct;

		String loadAverage;

	}

	static final class KeeperView {

		int lines;

		int jumps;

		double maxBackSeconds;

		String example;

		int other;

		String otherExample;

	}

	/** One measured configuration: ours or ffmpeg, N streams. */
	static final class Phase {

		final String kind;

		final int n;

		final List<Double> startSeconds = new ArrayList<>();

		final List<Double> polledSeconds = new ArrayList<>();

		final List<Double> firstExtinf = new ArrayList<>();

		final List<Double> connectSeconds = new ArrayList<>();

		int starts;

		int live;

		Window window;

		double measuredPct;

		SelfMemory memory;

		Mem childMemory;

		double stopSeconds;

		final List<String> failures = new ArrayList<>();

		final List<String> childErrors = new ArrayList<>();

		int childErrorLines;

		final List<Integer> segmentsInWindow = new ArrayList<>();

		double maxGapSeconds;

		final List<String> stalls = new ArrayList<>();

		KeeperView keeper;

		Phase(String kind, int n) {
			this.kind = kind;
			this.n = n;
		}

		String label() {
			return this.kind + " N=" + this.n;
		}

		void addStart(OursPipeline pipeline) {
			this.starts++;
			if (pipeline.firstSegment > 0) {
				this.startSeconds.add(pipeline.startSeconds());
				if (pipeline.firstPacket > 0) {
					this.connectSeconds.add((pipeline.firstPacket - pipeline.t0) / 1e9);
				}
			}
			else if (pipeline.failure != null) {
				this.failures.add(pipeline.name + " never went live: " + pipeline.failure);
			}
			else {
				this.failures.add(pipeline.name + " had no segment after the start timeout");
			}
			if (pipeline.polledFirst > 0) {
				this.polledSeconds.add((pipeline.polledFirst - pipeline.t0) / 1e9);
				this.firstExtinf.add(pipeline.firstExtinf);
			}
		}

		void addStart(Child child) {
			this.starts++;
			if (child.polledFirst > 0) {
				this.startSeconds.add(child.startSeconds());
				this.polledSeconds.add(child.startSeconds());
				this.firstExtinf.add(child.firstExtinf);
			}
			else {
				this.failures.add(child.name + " never went live: "
						+ ((child.exitedEarly != null) ? child.exitedEarly : "no segment after the start timeout")
						+ "; stderr: " + tail(child.log, 3));
			}
		}

		void addSegments(String name, List<Long> times, long windowStart, long windowEnd) {
			int count = 0;
			long previous = windowStart;
			long maxGap = 0;
			for (long time : times) {
				if (time < windowStart || time > windowEnd) {
					continue;
				}
				count++;
				maxGap = Math.max(maxGap, time - previous);
				previous = time;
			}
			maxGap = Math.max(maxGap, windowEnd - previous);
			this.segmentsInWindow.add(count);
			double gap = maxGap / 1e9;
			this.maxGapSeconds = Math.max(this.maxGapSeconds, gap);
			if (gap > STALL_SECONDS) {
				this.stalls.add(name + ": " + count + " playlist updates in the window, longest gap " + f2(gap) + " s");
			}
		}

		double cpuPerStream() {
			return this.measuredPct / this.n;
		}

		double pssPerStreamKb(SelfMemory baseline) {
			return (this.memory != null) ? (double) (this.memory.mem.pssKb - baseline.mem.pssKb) / this.n
					: (double) this.childMemory.pssKb / this.n;
		}

		double anonPerStreamKb(SelfMemory baseline) {
			return (this.memory != null) ? (double) (this.memory.mem.anonKb - baseline.mem.anonKb) / this.n
					: (double) this.childMemory.anonKb / this.n;
		}

		double rssPerStreamKb(SelfMemory baseline) {
			return (this.memory != null) ? (double) (this.memory.mem.rssKb - baseline.mem.rssKb) / this.n
					: (double) this.childMemory.rssKb / this.n;
		}

		long goalMet() {
			return this.startSeconds.stream().filter((s) -> s <= GOAL_SECONDS).count();
		}

	}

	static final class Stats {

		static double median(List<Double> values) {
			return percentile(values, 50);
		}

		/** Nearest-rank percentile. */
		static double percentile(List<Double> values, double p) {
			if (values.isEmpty()) {
				return Double.NaN;
			}
			List<Double> sorted = values.stream().sorted().toList();
			int rank = (int) Math.ceil(p / 100.0 * sorted.size());
			return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
		}

		static double max(List<Double> values) {
			return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
		}

		static double min(List<Double> values) {
			return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
		}

	}

	record Machine(String nproc, String model, String javaVersion, String kernel, String memory, String jvmArgs) {

		static Machine describe() {
			String nproc = command("nproc").strip();
			if (nproc.isEmpty()) {
				nproc = Integer.toString(Runtime.getRuntime().availableProcessors());
			}
			String model = readQuietly(Path.of("/proc/cpuinfo")).lines()
				.filter((l) -> l.startsWith("model name"))
				.map((l) -> l.substring(l.indexOf(':') + 1).strip())
				.findFirst()
				.orElse("unknown");
			String java = command(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
				.strip();
			String kernel = readQuietly(Path.of("/proc/sys/kernel/osrelease")).strip();
			String memory = readQuietly(Path.of("/proc/meminfo")).lines()
				.filter((l) -> l.startsWith("MemTotal"))
				.map((l) -> l.replaceAll("\\s+", " "))
				.findFirst()
				.orElse("");
			String jvmArgs = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
			return new Machine(nproc, model, java, kernel, memory, jvmArgs);
		}

		static String command(String... command) {
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
				String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				process.waitFor(10, TimeUnit.SECONDS);
				return out;
			}
			catch (Exception ex) {
				return "";
			}
		}

	}

	static final class Options {

		static final String USAGE = """
				usage: benchmarks/live-streaming [--quick] [N ...] [--window SECONDS] [--repeats R]
				                                 [--codec h264|h265] [--out FILE] [--work DIR] [--keep-files]
				  N ...        camera counts to measure (default 1 10 40)
				  --quick      N = 1 and 3, a 10 s window and 3 start repeats
				  --window     steady window for CPU (default 25 s)
				  --repeats    extra starts of a single stream for the start-time distribution (default 10)
				  --out        report file (default benchmarks/results/live-streaming-<date>.md)
				  --work       folder for the HLS output (default the system temp folder)""";

		Path root = Path.of("").toAbsolutePath();

		List<Integer> counts = new ArrayList<>();

		int windowSeconds = 25;

		int repeats = 10;

		String codec = "h264";

		boolean quick;

		boolean help;

		boolean keepFiles;

		Path out;

		Path workDir;

		final List<String> args = new ArrayList<>();

		static Options parse(String[] args) {
			Options options = new Options();
			options.args.addAll(List.of(args));
			Integer window = null;
			Integer repeats = null;
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				switch (arg) {
					case "--quick" -> options.quick = true;
					case "--help", "-h" -> options.help = true;
					case "--keep-files" -> options.keepFiles = true;
					case "--window" -> window = positive(value(args, ++i, arg), arg);
					case "--repeats" -> repeats = Integer.parseInt(value(args, ++i, arg));
					case "--codec" -> options.codec = value(args, ++i, arg);
					case "--out" -> options.out = Path.of(value(args, ++i, arg));
					case "--work" -> options.workDir = Path.of(value(args, ++i, arg));
					case "--root" -> options.root = Path.of(value(args, ++i, arg)).toAbsolutePath();
					default -> {
						for (String part : arg.split(",")) {
							if (!part.matches("\\d+")) {
								throw new IllegalArgumentException("unknown argument: " + arg);
							}
							options.counts.add(positive(part, "N"));
						}
					}
				}
			}
			if (!options.codec.equals("h264") && !options.codec.equals("h265")) {
				throw new IllegalArgumentException("--codec must be h264 or h265");
			}
			if (options.counts.isEmpty()) {
				options.counts.addAll(options.quick ? List.of(1, 3) : List.of(1, 10, 40));
			}
			options.counts = options.counts.stream().distinct().sorted().collect(Collectors.toList());
			options.windowSeconds = (window != null) ? window : (options.quick ? 10 : 25);
			options.repeats = Math.max(0, (repeats != null) ? repeats : (options.quick ? 3 : 10));
			return options;
		}

		private static String value(String[] args, int index, String name) {
			if (index >= args.length) {
				throw new IllegalArgumentException(name + " needs a value");
			}
			return args[index];
		}

		private static int positive(String text, String name) {
			int value = Integer.parseInt(text);
			if (value < 1) {
				throw new IllegalArgumentException(name + " must be positive");
			}
			return value;
		}

		Path output() {
			if (this.out != null) {
				return this.out;
			}
			return this.root.resolve("benchmarks/results")
				.resolve("live-streaming-" + LocalDate.now() + (this.quick ? "-quick" : "") + ".md");
		}

		String commandLine() {
			List<String> shown = new ArrayList<>();
			for (int i = 0; i < this.args.size(); i++) {
				if (this.args.get(i).equals("--root")) {
					i++;
					continue;
				}
				shown.add(this.args.get(i));
			}
			return ("benchmarks/live-streaming " + String.join(" ", shown)).strip();
		}

	}

	// ---------------------------------------------------------------- report

	static final class Report {

		LocalDateTime started;

		LocalDateTime finished;

		Machine machine;

		String engineSettings;

		String code;

		double warmupOurs;

		double warmupFfmpeg;

		List<Probe> probes = List.of();

		SelfMemory baseline;

		Window idle;

		final List<Phase> phases = new ArrayList<>();

		List<String> engineWarnings = List.of();

		Map<String, Integer> engineWarningsByPhase = Map.of();

		List<String> cameraOutput = List.of();

		private Phase find(String kind, int n) {
			return this.phases.stream().filter((p) -> p.kind.equals(kind) && p.n == n).findFirst().orElse(null);
		}

		String markdown(Options options) {
			StringBuilder md = new StringBuilder();
			DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
			md.append("# Live streaming benchmark: in-process FFmpeg vs one ffmpeg process per camera\n\n");
			md.append("Run ").append(time.format(this.started)).append(" to ").append(time.format(this.finished));
			md.append(" with `").append(options.commandLine()).append("`.\n\n");
			md.append("- Machine: ")
				.append(this.machine.nproc)
				.append(" cores (nproc), ")
				.append(this.machine.model)
				.append(", ")
				.append(this.machine.memory)
				.append(", Linux ")
				.append(this.machine.kernel)
				.append('\n');
			md.append("- Code: ").append(this.code).append('\n');
			md.append("- Java: `")
				.append(this.machine.javaVersion.replace("\n", " / "))
				.append("`, JVM flags `")
				.append(this.machine.jvmArgs)
				.append("`\n");
			md.append("- Camera: `tools/test-camera/rtsp-camera.py --codec ")
				.append(options.codec)
				.append("` (GStreamer RTSP server, one shared x264/x265 encoder for all mounts, 1280x720 25 fps, ")
				.append("~1.5 Mbit/s, GOP 1 s), RTSP over TCP; one extra \"keeper\" client (`ffmpeg -f null`) stays ")
				.append("connected all the time so the camera keeps encoding like a real one.\n");
			md.append("- HLS: ")
				.append("hls_time 1 s, ")
				.append(PLAYLIST_SIZE)
				.append(" segments in the playlist, MPEG-TS segments. Ours: `new FfmpegEngine(settings).run(...)` ")
				.append("on its own thread per camera, with the worker's default settings (`")
				.append(this.engineSettings)
				.append("`). Baseline: `ffmpeg -nostdin -loglevel error -rtsp_transport tcp ")
				.append("-i rtsp://.../camK -c copy -f hls -hls_time 1 -hls_list_size 6 -hls_flags ")
				.append("delete_segments+temp_file <folder>/index.m3u8` (the program bundled with bytedeco).\n");
			md.append("- Steady window ")
				.append(options.windowSeconds)
				.append(" s per configuration, starting 3 s after all streams are live; N=1 start time from ")
				.append(options.repeats)
				.append(" extra starts plus the measured run.\n\n");

			md.append("## Results\n\n");
			md.append("Ratios are ours / ffmpeg-per-process: below 1 means the in-process engine needs less.\n\n");
			md.append("### Time from start to first playable playlist (s)\n\n");
			md.append("Goal from the issue: at most one GOP + 0.5 s = ").append(f2(GOAL_SECONDS)).append(" s.\n\n");
			md.append("| N | ours median | ours p90 | ours max | ffmpeg median | ffmpeg p90 | ffmpeg max "
					+ "| ratio of medians | goal met (ours) | goal met (ffmpeg) |\n");
			md.append("|---|---|---|---|---|---|---|---|---|---|\n");
			for (int n : options.counts) {
				Phase ours = find("ours", n);
				Phase theirs = find("ffmpeg", n);
				if (ours == null || theirs == null) {
					continue;
				}
				md.append("| ")
					.append(n)
					.append(" | ")
					.append(f2(Stats.median(ours.startSeconds)))
					.append(" | ")
					.append(f2(Stats.percentile(ours.startSeconds, 90)))
					.append(" | ")
					.append(f2(Stats.max(ours.startSeconds)))
					.append(" | ")
					.append(f2(Stats.median(theirs.startSeconds)))
					.append(" | ")
					.append(f2(Stats.percentile(theirs.startSeconds, 90)))
					.append(" | ")
					.append(f2(Stats.max(theirs.startSeconds)))
					.append(" | ")
					.append(ratio(Stats.median(ours.polledSeconds), Stats.median(theirs.polledSeconds)))
					.append(" | ")
					.append(ours.goalMet())
					.append("/")
					.append(ours.starts)
					.append(" | ")
					.append(theirs.goalMet())
					.append("/")
					.append(theirs.starts)
					.append(" |\n");
			}
			md.append("\nOurs: from the `run` call to the first `segmentWritten` callback. ffmpeg: from process start ")
				.append("to the first read of `index.m3u8` that lists a segment (polled every 20 ms). The ratio compares ")
				.append("both measured the same way (ours also polled every 20 ms). Samples per row: N=1 has the extra ")
				.append("starts, N>1 one start per stream, all started together.\n\n");

			md.append("### CPU per stream (% of one core, steady window)\n\n");
			md.append("| N | ours | ffmpeg | ratio | camera server (ours window / ffmpeg window) "
					+ "| other load on the machine (ours / ffmpeg window) |\n");
			md.append("|---|---|---|---|---|---|\n");
			for (int n : options.counts) {
				Phase ours = find("ours", n);
				Phase theirs = find("ffmpeg", n);
				if (ours == null || theirs == null) {
					continue;
				}
				md.append("| ")
					.append(n)
					.append(" | ")
					.append(pct(ours.cpuPerStream()))
					.append(" | ")
					.append(pct(theirs.cpuPerStream()))
					.append(" | ")
					.append(ratio(ours.cpuPerStream(), theirs.cpuPerStream()))
					.append(" | ")
					.append(pct(ours.window.cameraPct))
					.append(" / ")
					.append(pct(theirs.window.cameraPct))
					.append(" | ")
					.append(pct(ours.window.otherPct))
					.append(" / ")
					.append(pct(theirs.window.otherPct))
					.append(" |\n");
			}
			md.append(
					"\nOurs: utime+stime of this whole JVM (`/proc/self/stat`) over the window / N / wall time; the idle ")
				.append("JVM used ")
				.append(pct(this.idle.selfPct))
				.append(" of a core with 0 pipelines (included above, not subtracted). ffmpeg: the sum over the ")
				.append("children (`/proc/<pid>/stat`) / N / wall time. The camera server's CPU is the same work in both ")
				.append("columns (with only the keeper client it used ")
				.append(pct(this.idle.cameraPct))
				.append("); \"other load\" is the machine's busy time minus everything measured here (other users of ")
				.append("this shared machine), in % of one core.\n\n");

			md.append("### Memory per stream\n\n");
			md.append(
					"| N | ours PSS | ffmpeg PSS | ratio | ours anonymous | ffmpeg anonymous | ratio | ours RSS | ffmpeg RSS "
							+ "| ratio | ours Java heap |\n");
			md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
			for (int n : options.counts) {
				Phase ours = find("ours", n);
				Phase theirs = find("ffmpeg", n);
				if (ours == null || theirs == null) {
					continue;
				}
				double oursPss = ours.pssPerStreamKb(this.baseline);
				double theirsPss = theirs.pssPerStreamKb(this.baseline);
				double oursPrivate = ours.anonPerStreamKb(this.baseline);
				double theirsPrivate = theirs.anonPerStreamKb(this.baseline);
				double oursRss = ours.rssPerStreamKb(this.baseline);
				double theirsRss = theirs.rssPerStreamKb(this.baseline);
				double heap = (double) (ours.memory.heapUsedBytes - this.baseline.heapUsedBytes) / 1024 / n;
				md.append("| ")
					.append(n)
					.append(" | ")
					.append(mb(oursPss))
					.append(" | ")
					.append(mb(theirsPss))
					.append(" | ")
					.append(ratio(oursPss, theirsPss))
					.append(" | ")
					.append(mb(oursPrivate))
					.append(" | ")
					.append(mb(theirsPrivate))
					.append(" | ")
					.append(ratio(oursPrivate, theirsPrivate))
					.append(" | ")
					.append(mb(oursRss))
					.append(" | ")
					.append(mb(theirsRss))
					.append(" | ")
					.append(ratio(oursRss, theirsRss))
					.append(" | ")
					.append(mb(heap))
					.append(" |\n");
			}
			md.append(
					"\nOurs: (this JVM with N pipelines − the same JVM with 0 pipelines after the warm-up) / N, both ")
				.append("after a full GC, from `/proc/self/smaps_rollup`; the baseline was PSS ")
				.append(mb(this.baseline.mem.pssKb))
				.append(", RSS ")
				.append(mb(this.baseline.mem.rssKb))
				.append(", heap used ")
				.append(mb(this.baseline.heapUsedBytes / 1024))
				.append(this.machine.jvmArgs.contains("AlwaysPreTouch")
						? ". The heap is fixed and pre-touched (`-Xms` = `-Xmx`, `AlwaysPreTouch`), so PSS/RSS growth is "
								+ "native memory, thread stacks and metadata; the Java heap column is the growth of the heap "
								+ "in use (already inside the pre-touched heap)."
						: ". The Java heap was not pre-touched, so PSS/RSS growth includes heap pages touched by chance.")
				.append(" ffmpeg: the sum over the children / N (whole processes). ")
				.append("PSS splits shared pages (the FFmpeg libraries, libc) among the processes that map them, so it is ")
				.append("the fair sum for the ffmpeg processes; RSS counts shared pages in every process. Anonymous ")
				.append("(`Anonymous` in smaps_rollup: heaps, stacks, buffers, no file pages) is the memory a stream ")
				.append("really adds, and the steadiest figure for ours: this JVM maps the same FFmpeg libraries (and the ")
				.append("same JDK files) as the ffmpeg processes and other JVMs on the machine, so its PSS, and its ")
				.append("RSS less so, move when those processes start or exit, which is noise at small N.\n\n");

			appendStartAnalysis(md);
			appendHealth(md, options);
			appendDetails(md, options);
			return md.toString();
		}

		private void appendStartAnalysis(StringBuilder md) {
			md.append("## Where the start time goes\n\n");
			List<Double> oursStart = new ArrayList<>();
			List<Double> oursConnect = new ArrayList<>();
			List<Double> oursExtinf = new ArrayList<>();
			List<Double> theirsStart = new ArrayList<>();
			List<Double> theirsExtinf = new ArrayList<>();
			int joins = 0;
			int jumps = 0;
			for (Phase phase : this.phases) {
				if (phase.kind.equals("ours")) {
					oursStart.addAll(phase.startSeconds);
					oursConnect.addAll(phase.connectSeconds);
					oursExtinf.addAll(phase.firstExtinf);
				}
				else {
					theirsStart.addAll(phase.startSeconds);
					theirsExtinf.addAll(phase.firstExtinf);
				}
				// Only sequential starts (N=1) tell one join from the next; joins at the
				// same moment restart the camera together.
				if (phase.n == 1 && phase.keeper != null) {
					joins += phase.starts;
					jumps += phase.keeper.jumps;
				}
			}
			double connect = Stats.median(oursConnect);
			double extinf = Stats.median(oursExtinf);
			double start = Stats.median(oursStart);
			double rest = start - connect - extinf;
			double theirsFirst = Stats.median(theirsExtinf);
			md.append("Observed over all starts: ours median ")
				.append(f2(start))
				.append(" s = RTSP connect and setup until the first packet ")
				.append(f2(connect))
				.append(" s + ")
				.append(f2(rest))
				.append(" s until the keyframe the first segment starts with + the first segment (its `#EXTINF`) ")
				.append(f2(extinf))
				.append(" s. ffmpeg median ")
				.append(f2(Stats.median(theirsStart)))
				.append(" s, with a first segment of ")
				.append(f2(theirsFirst))
				.append(" s. First segments ranged ")
				.append(f2(Stats.min(oursExtinf)))
				.append("–")
				.append(f2(Stats.max(oursExtinf)))
				.append(" s for ours, ")
				.append(f2(Stats.min(theirsExtinf)))
				.append("–")
				.append(f2(Stats.max(theirsExtinf)))
				.append(" s for ffmpeg.\n\n");
			md.append("In general: a client that joins a camera whose encoder is already running (a real camera, or ")
				.append("one encoder shared by all viewers) gets the GOP in progress, which it cannot use, because a ")
				.append("segment must start with a keyframe: it waits for the next one (0 to 1 GOP). The HLS muxer then ")
				.append("closes the first segment only at the first keyframe at least `hls_time` (1 s = 1 GOP) later, so ")
				.append("the first playable playlist comes after setup + keyframe wait + one full GOP, up to ~2 GOPs, and ")
				.append("misses the ")
				.append(f2(GOAL_SECONDS))
				.append(" s goal whenever the keyframe wait is longer than 0.5 s minus the setup.\n\n");
			List<Probe> probes = this.probes.stream().filter((p) -> p.error == null).toList();
			boolean untimedKey = !probes.isEmpty() && probes.stream().allMatch((p) -> p.firstKey && !p.firstTimed);
			boolean restarts = joins > 0 && jumps >= joins / 2;
			if (!restarts && !untimedKey) {
				return;
			}
			md.append("With this test camera it is different.");
			if (restarts) {
				md.append(" Each client's PLAY restarts the camera's shared pipeline (the keeper client saw ")
					.append(jumps)
					.append(" timestamp jumps back during ")
					.append(joins)
					.append(" single-stream starts; clients that join together share a restart), so the first packet a ")
					.append("new client gets is a fresh keyframe: no keyframe wait.");
			}
			if (untimedKey) {
				md.append(restarts ? " But" : " The first packet a new client gets is a keyframe, and")
					.append(" FFmpeg's RTSP demuxer hands out that first packet without a timestamp (")
					.append(probes.size())
					.append(" direct probes: ")
					.append(probes.get(0))
					.append(").");
				if (rest < 0.5) {
					md.append(
							" FfmpegEngine keeps that keyframe (ours reached the keyframe its first segment starts with ")
						.append(f2(rest))
						.append(" s after the first packet), so ours needs setup + 1 GOP.");
				}
				else {
					md.append(" FfmpegEngine dropped it (ours waited ")
						.append(f2(rest))
						.append(" s after the first packet for the keyframe its first segment starts with), so it started ")
						.append("with the next keyframe one GOP later and then needed a full 1 s segment: setup + 2 GOPs. ")
						.append("Keeping that keyframe with a timestamp (the next packet's minus one frame) would bring ")
						.append("ours to setup + 1 GOP, about ")
						.append(f2(connect + 1.0))
						.append(" s here.");
				}
				if (theirsFirst > 1.5) {
					md.append(
							" The ffmpeg program keeps that keyframe with a guessed timestamp, but then its first GOP ")
						.append("measures less than `hls_time`, so its first segment runs on to the following keyframe (")
						.append(f2(theirsFirst))
						.append(" s): 2 GOPs.");
				}
			}
			md.append("\n\n");
		}

		private void appendHealth(StringBuilder md, Options options) {
			md.append("## Health: errors, stalls, stops\n\n");
			md.append("| configuration | live | playlist updates per stream in the window (min / median) "
					+ "| longest gap | streams with a gap > ")
				.append(f2(STALL_SECONDS))
				.append(" s | stop time | FFmpeg log lines: ours (via FfmpegEngine) / ffmpeg stderr | camera timestamp jumps seen by "
						+ "the keeper |\n");
			md.append("|---|---|---|---|---|---|---|---|\n");
			for (Phase phase : this.phases) {
				List<Double> segments = phase.segmentsInWindow.stream().map(Integer::doubleValue).toList();
				int warnings = phase.kind.equals("ours") ? this.engineWarningsByPhase.getOrDefault(phase.label(), 0)
						: phase.childErrorLines;
				md.append("| ")
					.append(phase.label())
					.append(" | ")
					.append(phase.live)
					.append("/")
					.append(phase.n)
					.append(" | ")
					.append(String.format(Locale.ROOT, "%.0f / %.0f", Stats.min(segments), Stats.median(segments)))
					.append(" | ")
					.append(f2(phase.maxGapSeconds))
					.append(" s | ")
					.append(phase.stalls.size())
					.append(" | ")
					.append(f2(phase.stopSeconds))
					.append(" s | ")
					.append(warnings)
					.append(" | ")
					.append((phase.keeper != null)
							? phase.keeper.jumps + " (up to " + f2(phase.keeper.maxBackSeconds) + " s back)" : "-")
					.append(" |\n");
			}
			md.append("\nExpected: about ")
				.append(options.windowSeconds)
				.append(" playlist updates per stream in a ")
				.append(options.windowSeconds)
				.append(" s window (one per 1 s segment; ffmpeg's are seen by polling the modification time every ")
				.append("100 ms). Timestamp jumps: each time the keeper's timestamps went back (the camera restarted its ")
				.append("shared pipeline), counted over the configuration including its extra starts.\n\n");
			List<String> problems = new ArrayList<>();
			for (Phase phase : this.phases) {
				phase.failures.forEach((f) -> problems.add(phase.label() + ": " + f));
				phase.stalls.forEach((s) -> problems.add(phase.label() + ": stall: " + s));
				phase.childErrors.forEach((e) -> problems.add(phase.label() + ": ffmpeg stderr: " + e));
			}
			if (problems.isEmpty()) {
				md.append("No failures, stalls or ffmpeg errors.\n\n");
			}
			else {
				md.append("Failures, stalls and ffmpeg errors (first 40):\n\n```\n");
				problems.stream().limit(40).forEach((p) -> md.append(p).append('\n'));
				md.append("```\n\n");
			}
			if (!this.engineWarnings.isEmpty()) {
				md.append("FFmpeg messages logged through `FfmpegEngine` and any warnings, per configuration (")
					.append(this.engineWarningsByPhase)
					.append("; first 40):\n\n```\n");
				this.engineWarnings.stream().limit(40).forEach((w) -> md.append(w).append('\n'));
				md.append("```\n\n");
			}
			Phase example = this.phases.stream()
				.filter((p) -> p.keeper != null && p.keeper.example != null)
				.findFirst()
				.orElse(null);
			if (example != null) {
				md.append("A timestamp jump as the keeper logged it (")
					.append(example.label())
					.append("):\n\n```\n")
					.append(example.keeper.example)
					.append("\n```\n\n");
			}
			if (!this.cameraOutput.isEmpty()) {
				md.append("Camera output (first 20 lines):\n\n```\n");
				this.cameraOutput.stream().limit(20).forEach((l) -> md.append(l).append('\n'));
				md.append("```\n\n");
			}
		}

		private void appendDetails(StringBuilder md, Options options) {
			md.append("## Details\n\n");
			md.append("Warm-up (not in the results): first in-process pipeline ")
				.append(f2(this.warmupOurs))
				.append(" s to its first playlist (class and native library loading included), first ffmpeg process ")
				.append(f2(this.warmupFfmpeg))
				.append(" s.\n\n");
			if (!this.probes.isEmpty()) {
				md.append(
						"Direct probes of /cam1 with FFmpeg's RTSP demuxer (the first video packets of a fresh session):\n\n");
				this.probes.forEach((p) -> md.append("- ").append(p).append('\n'));
				md.append('\n');
			}
			md.append(
					"| configuration | measured CPU (total) | camera | keeper | this JVM | machine busy | load average "
							+ "| PSS | RSS | heap used | threads |\n");
			md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
			md.append("| idle, 0 pipelines | ")
				.append(pct(this.idle.selfPct))
				.append(" | ")
				.append(pct(this.idle.cameraPct))
				.append(" | ")
				.append(pct(this.idle.keeperPct))
				.append(" | ")
				.append(pct(this.idle.selfPct))
				.append(" | ")
				.append(pct(this.idle.machineBusyPct))
				.append(" | ")
				.append(this.idle.loadAverage)
				.append(" | ")
				.append(mb(this.baseline.mem.pssKb))
				.append(" | ")
				.append(mb(this.baseline.mem.rssKb))
				.append(" | ")
				.append(mb(this.baseline.heapUsedBytes / 1024))
				.append(" | ")
				.append(this.baseline.threads)
				.append(" |\n");
			for (Phase phase : this.phases) {
				boolean ours = phase.memory != null;
				md.append("| ")
					.append(phase.label())
					.append(" | ")
					.append(pct(phase.measuredPct))
					.append(" | ")
					.append(pct(phase.window.cameraPct))
					.append(" | ")
					.append(pct(phase.window.keeperPct))
					.append(" | ")
					.append(pct(phase.window.selfPct))
					.append(" | ")
					.append(pct(phase.window.machineBusyPct))
					.append(" | ")
					.append(phase.window.loadAverage)
					.append(" | ")
					.append(mb(ours ? phase.memory.mem.pssKb : phase.childMemory.pssKb))
					.append(" | ")
					.append(mb(ours ? phase.memory.mem.rssKb : phase.childMemory.rssKb))
					.append(" | ")
					.append(ours ? mb(phase.memory.heapUsedBytes / 1024) : "-")
					.append(" | ")
					.append(ours ? Integer.toString(phase.memory.threads) : "-")
					.append(" |\n");
			}
			md.append(
					"\nCPU in % of one core over the window (machine busy: all cores, from `/proc/stat`). Memory: ours ")
				.append("is the whole JVM, ffmpeg the sum over its processes.\n\n");
			md.append("Start times (s), sorted:\n\n");
			for (Phase phase : this.phases) {
				md.append("- ")
					.append(phase.label())
					.append(": ")
					.append(phase.startSeconds.stream()
						.sorted()
						.map(LiveBenchmark::f2)
						.collect(Collectors.joining(" ")))
					.append('\n');
			}
			md.append('\n');
		}

	}

}
