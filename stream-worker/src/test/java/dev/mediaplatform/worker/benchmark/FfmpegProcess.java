package dev.mediaplatform.worker.benchmark;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.mediaplatform.worker.benchmark.Bench.tail;

/**
 * The baseline: one {@code ffmpeg} process (the program bundled with bytedeco) for one
 * camera. Without callbacks, it is live when the poller sees a segment in its playlist.
 * When it records, the same process has a second output: fragmented-MP4 chunks written
 * the way stream-worker's {@code ChunkRecorder} writes them (the same {@code movflags},
 * fragment length and flushing, chunks cut at the first keyframe after the chunk length,
 * each starting at time 0).
 */
final class FfmpegProcess extends HlsStream {

	/** ChunkRecorder's MP4 muxer options, as the segment muxer passes them on. */
	static final String CHUNK_OPTIONS = "movflags=frag_keyframe+empty_moov+delay_moov+default_base_moof+cmaf"
			+ ":frag_duration=1000000:flush_packets=1";

	private final Path ffmpeg;

	private final String url;

	/** The chunk length, or {@code null}: live only. */
	private final Double chunkSeconds;

	private final Path log;

	private Process process;

	private volatile String exitedEarly;

	FfmpegProcess(String name, Path folder, Path ffmpeg, String url, Double chunkSeconds) {
		super(name, folder, chunkSeconds != null);
		this.ffmpeg = ffmpeg;
		this.url = url;
		this.chunkSeconds = chunkSeconds;
		this.log = folder.resolveSibling(folder.getFileName() + ".log");
	}

	/**
	 * The command line: one input, live HLS to {@code playlist}, and with
	 * {@code chunkSeconds} recording chunks to {@code chunks}. Also what the report
	 * shows.
	 */
	static List<String> command(String ffmpeg, String url, String playlist, String chunks, Double chunkSeconds) {
		List<String> command = new ArrayList<>(
				List.of(ffmpeg, "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp", "-i", url, "-c", "copy",
						"-f", "hls", "-hls_time", Integer.toString((int) SEGMENT_SECONDS), "-hls_list_size",
						Integer.toString(PLAYLIST_SIZE), "-hls_flags", "delete_segments+temp_file", playlist));
		if (chunkSeconds != null) {
			command.addAll(List.of("-c", "copy", "-f", "segment", "-segment_time", seconds(chunkSeconds),
					"-segment_format", "mp4", "-segment_format_options", CHUNK_OPTIONS, "-reset_timestamps", "1",
					chunks + "/%d.mp4"));
		}
		return command;
	}

	static String seconds(double value) {
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

	@Override
	void start(CountDownLatch gate) throws IOException {
		Files.createDirectories(this.folder);
		if (this.chunks != null) {
			// the segment muxer does not create folders
			Files.createDirectories(this.chunks);
		}
		ProcessBuilder builder = new ProcessBuilder(command(this.ffmpeg.toString(), this.url, playlist().toString(),
				String.valueOf(this.chunks), this.chunkSeconds))
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
