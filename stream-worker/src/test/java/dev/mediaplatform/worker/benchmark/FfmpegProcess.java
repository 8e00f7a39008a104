package dev.mediaplatform.worker.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.mediaplatform.worker.benchmark.Bench.tail;

/**
 * The baseline: one {@code ffmpeg} process (the program bundled with bytedeco) for one
 * camera. Without callbacks, it is live when the poller sees a segment in its playlist.
 */
final class FfmpegProcess extends HlsStream {

	private final Path ffmpeg;

	private final String url;

	private final Path log;

	private Process process;

	private volatile String exitedEarly;

	FfmpegProcess(String name, Path folder, Path ffmpeg, String url) {
		super(name, folder);
		this.ffmpeg = ffmpeg;
		this.url = url;
		this.log = folder.resolveSibling(folder.getFileName() + ".log");
	}

	@Override
	void start(CountDownLatch gate) throws IOException {
		Files.createDirectories(this.folder);
		ProcessBuilder builder = new ProcessBuilder(this.ffmpeg.toString(), "-nostdin", "-loglevel", "error",
				"-rtsp_transport", "tcp", "-i", this.url, "-c", "copy", "-f", "hls", "-hls_time",
				Integer.toString((int) SEGMENT_SECONDS), "-hls_list_size", Integer.toString(PLAYLIST_SIZE),
				"-hls_flags", "delete_segments+temp_file", playlist().toString())
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(this.log.toFile());
		this.t0 = System.nanoTime();
		this.process = builder.start();
	}

	@Override
	void requestStop() {
		if (!this.process.isAlive() && this.exitedEarly == null) {
			this.exitedEarly = "exited by itself with " + this.process.exitValue();
		}
		this.process.destroy();
	}

	/** Kills it if it has not quit 5 s after the request. */
	@Override
	boolean awaitStop(long since) {
		try {
			long left = since + TimeUnit.SECONDS.toNanos(5) - System.nanoTime();
			if (!this.process.waitFor(Math.max(1, left), TimeUnit.NANOSECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return true;
	}

	@Override
	long firstPlaylist() {
		return this.polledFirst;
	}

	@Override
	boolean running() {
		return this.process.isAlive();
	}

	@Override
	boolean doneStarting() {
		if (!started() && !running() && this.exitedEarly == null) {
			this.exitedEarly = "exited with " + this.process.exitValue() + " before its first segment";
		}
		return super.doneStarting();
	}

	@Override
	String notLive() {
		return "never went live: "
				+ ((this.exitedEarly != null) ? this.exitedEarly : "no segment after the start timeout") + "; stderr: "
				+ tail(this.log, 3);
	}

	@Override
	List<Long> pids() {
		return List.of(this.process.pid());
	}

	@Override
	void addProblems(Phase phase) throws IOException {
		List<String> errors = Files.exists(this.log)
				? Files.readAllLines(this.log).stream().filter((l) -> !l.isBlank()).toList() : List.of();
		phase.errorLines += errors.size();
		if (!errors.isEmpty() && phase.errors.size() < 20) {
			phase.errors.add(this.name + ": " + errors.get(0)
					+ ((errors.size() > 1) ? " (+" + (errors.size() - 1) + " more lines)" : ""));
		}
		if (this.exitedEarly != null) {
			phase.failures.add(this.name + ": " + this.exitedEarly);
		}
	}

}
