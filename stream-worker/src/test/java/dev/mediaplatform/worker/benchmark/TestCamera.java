package dev.mediaplatform.worker.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.mediaplatform.worker.benchmark.Bench.progress;
import static dev.mediaplatform.worker.benchmark.Bench.sleep;
import static dev.mediaplatform.worker.benchmark.Bench.tail;

/**
 * The test camera ({@code tools/test-camera/rtsp-camera.py}) with one mount per stream,
 * and the "keeper" client that stays connected to it for the whole run. It can be
 * restarted: GStreamer's RTSP server in it now and then hangs when many clients leave and
 * join at once.
 */
final class TestCamera {

	private static final Pattern DTS_JUMP = Pattern
		.compile("non monotonically increasing dts to muxer in stream \\d+: (-?\\d+) >= (-?\\d+)");

	private final List<String> command;

	private final List<String> output = Collections.synchronizedList(new ArrayList<>());

	private volatile Process process;

	private volatile CompletableFuture<String> ready;

	private volatile String base;

	private Process keeper;

	private Path keeperProgram;

	private int keeperMount;

	private Path keeperLog;

	private long keeperLogOffset;

	TestCamera(Path root, String codec, int mounts) throws IOException {
		Path script = root.resolve("tools/test-camera/rtsp-camera.py");
		progress("starting the test camera: %s --mounts %d --codec %s", root.relativize(script), mounts, codec);
		// The camera exits when its stdin closes, so it cannot outlive this JVM.
		this.command = List.of("/usr/bin/python3", script.toString(), "--port", "0", "--mounts",
				Integer.toString(mounts), "--codec", codec, "--exit-on-stdin-eof");
		launch();
	}

	private void launch() throws IOException {
		Process started = new ProcessBuilder(this.command).redirectErrorStream(true).start();
		CompletableFuture<String> url = new CompletableFuture<>();
		this.process = started;
		this.ready = url;
		Thread reader = new Thread(() -> readOutput(started, url), "camera-output");
		reader.setDaemon(true);
		reader.start();
	}

	/** Stops the camera and its keeper, and starts both again (on another port). */
	void restart() throws Exception {
		progress("restarting the test camera and its keeper");
		stop();
		launch();
		awaitReady();
		this.keeperLogOffset = 0;
		startKeeper(this.keeperProgram, this.keeperMount, this.keeperLog);
	}

	private void readOutput(Process camera, CompletableFuture<String> url) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(camera.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (!url.isDone() && line.startsWith("READY ")) {
					url.complete(line.substring(6).trim());
					continue;
				}
				this.output.add(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
				System.err.println("  [camera] " + line);
			}
		}
		catch (IOException ex) {
			// the camera is gone
		}
		url.complete(null);
	}

	void awaitReady() throws Exception {
		String url;
		try {
			url = this.ready.get(30, TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("the test camera did not print READY within 30 s");
		}
		if (url == null) {
			int exit = this.process.waitFor();
			throw new IllegalStateException("the test camera exited (" + exit + ")"
					+ ((exit == 3) ? ": run tools/test-camera/install" : "") + ": " + this.output);
		}
		if (!url.endsWith("/cam1")) {
			throw new IllegalStateException("unexpected READY line: " + url);
		}
		this.base = url.substring(0, url.length() - 1);
		progress("camera READY %s (pid %d)", url, this.process.pid());
	}

	String url(int mount) {
		return this.base + mount;
	}

	long pid() {
		return this.process.pid();
	}

	List<String> output() {
		return new ArrayList<>(this.output);
	}

	/**
	 * The test camera pauses its encoder when it has no client; a client that stays
	 * connected keeps it encoding like a real camera, so that the measured clients join a
	 * running stream. Its log also shows when the camera's timestamps jump back.
	 */
	void startKeeper(Path ffmpeg, int mount, Path log) throws IOException {
		progress("starting the keeper client on /cam%d (ffmpeg -f null, keeps the camera encoding)", mount);
		this.keeperProgram = ffmpeg;
		this.keeperMount = mount;
		this.keeperLog = log;
		this.keeper = new ProcessBuilder(ffmpeg.toString(), "-nostdin", "-loglevel", "warning", "-rtsp_transport",
				"tcp", "-i", url(mount), "-c", "copy", "-f", "null", "-")
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(log.toFile())
			.start();
		sleep(3000);
		checkKeeper();
	}

	long keeperPid() {
		return this.keeper.pid();
	}

	void checkKeeper() {
		if (!this.keeper.isAlive()) {
			throw new IllegalStateException("the keeper client died (exit " + this.keeper.exitValue() + "); its log: "
					+ tail(this.keeperLog, 10));
		}
	}

	/** The timestamp jumps back that the keeper logged since the last call. */
	KeeperView keeperView() {
		int jumps = 0;
		double maxBack = 0;
		String example = null;
		try (RandomAccessFile file = new RandomAccessFile(this.keeperLog.toFile(), "r")) {
			long length = file.length();
			byte[] bytes = new byte[(int) Math.max(0, length - this.keeperLogOffset)];
			file.seek(this.keeperLogOffset);
			file.readFully(bytes);
			this.keeperLogOffset = length;
			String previousLast = null;
			long previousCurrent = Long.MIN_VALUE;
			for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
				Matcher matcher = DTS_JUMP.matcher(line);
				if (!matcher.find()) {
					continue;
				}
				// "last >= current": the muxer logs every rejected packet; a new jump is
				// when the rejected ones go back again or a new run of them starts.
				long current = Long.parseLong(matcher.group(2));
				if (!matcher.group(1).equals(previousLast) || current < previousCurrent) {
					jumps++;
					maxBack = Math.max(maxBack, (Long.parseLong(matcher.group(1)) - current) / 90000.0);
					example = (example != null) ? example : line.strip();
				}
				previousLast = matcher.group(1);
				previousCurrent = current;
			}
		}
		catch (IOException ex) {
			// no view this time
		}
		return new KeeperView(jumps, maxBack, example);
	}

	void stop() {
		if (this.keeper != null) {
			Proc.terminate(List.of(this.keeper));
		}
		Proc.terminate(List.of(this.process));
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// gone anyway
		}
	}

	/** Timestamp jumps back in the camera's stream (90 kHz), as the keeper saw them. */
	record KeeperView(int jumps, double maxBackSeconds, String example) {

	}

}
