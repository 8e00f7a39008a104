package dev.mediaplatform.worker.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.bytedeco.ffmpeg.ffprobe;
import org.bytedeco.javacpp.Loader;

import static dev.mediaplatform.worker.benchmark.Bench.f2;

/**
 * Whether the streams of a side that records really record: chunk files on disk that grow
 * over the steady window, and, once the streams have stopped, decode. A side that fails
 * this is reported as failed, and its CPU and memory are not reported as figures.
 */
final class RecordingCheck {

	private final List<HlsStream> streams;

	private List<Written> atStart;

	private List<Written> atEnd;

	private double windowSeconds;

	RecordingCheck(List<HlsStream> streams) {
		this.streams = streams;
	}

	void windowStarts() {
		this.atStart = this.streams.stream().map((stream) -> Written.in(stream.chunks)).toList();
	}

	void windowEnds(double seconds) {
		this.atEnd = this.streams.stream().map((stream) -> Written.in(stream.chunks)).toList();
		this.windowSeconds = seconds;
	}

	/**
	 * After the stop: every stream's chunks must have grown in the window, and the chunks
	 * of the first and the last stream must decode (all their video frames, with
	 * {@code ffprobe -count_frames}). Problems go to the phase's failures too.
	 * @param stopped when the stop was requested ({@link System#nanoTime()})
	 */
	Output finish(Phase phase, long stopped) {
		List<String> problems = new ArrayList<>();
		int grown = 0;
		long bytes = 0;
		int files = 0;
		for (int i = 0; i < this.streams.size(); i++) {
			long growth = this.atEnd.get(i).bytes() - this.atStart.get(i).bytes();
			bytes += growth;
			grown += (growth > 0) ? 1 : 0;
			if (growth <= 0) {
				problems.add(this.streams.get(i).name + ": its chunks did not grow in the window ("
						+ this.atEnd.get(i).files() + " chunk file(s))");
			}
			files += Written.in(this.streams.get(i).chunks).files();
		}
		List<HlsStream> sample = List.of(this.streams.get(0), this.streams.get(this.streams.size() - 1))
			.stream()
			.distinct()
			.toList();
		long frames = 0;
		double decodedSeconds = 0;
		double ranSeconds = 0;
		for (HlsStream stream : sample) {
			ranSeconds += (stopped - stream.t0) / 1e9;
			for (Path chunk : Written.files(stream.chunks)) {
				Decoded decoded = Decoded.of(chunk);
				frames += decoded.frames();
				decodedSeconds += decoded.seconds();
				if (decoded.error() != null) {
					problems.add(stream.name + ": " + stream.chunks.relativize(chunk) + " " + decoded.error());
				}
			}
		}
		problems.forEach((problem) -> phase.failures.add("recording: " + problem));
		return new Output(this.streams.size(), grown, files, bytes, this.windowSeconds, sample.size(), frames,
				decodedSeconds, ranSeconds, problems);
	}

	/**
	 * What a side's recording did.
	 *
	 * @param streams streams that record
	 * @param grown those whose chunks grew in the window
	 * @param files chunk files of all streams after the stop
	 * @param bytesInWindow what all streams wrote to chunks in the window
	 * @param windowSeconds the window's length
	 * @param decodedStreams streams whose chunks were decoded after the stop
	 * @param decodedFrames their video frames, all decoded
	 * @param decodedSeconds the media time of their chunks
	 * @param ranSeconds how long those streams ran, from the start call to the stop
	 * @param problems why it failed, if it did
	 */
	record Output(int streams, int grown, int files, long bytesInWindow, double windowSeconds, int decodedStreams,
			long decodedFrames, double decodedSeconds, double ranSeconds, List<String> problems) {

		boolean ok() {
			return this.grown == this.streams && this.decodedFrames > 0 && this.problems.isEmpty();
		}

		/** What one stream wrote to its chunks, in Mbit/s over the window. */
		double mbitPerStream() {
			return this.bytesInWindow * 8 / 1e6 / this.windowSeconds / this.streams;
		}

		String summary() {
			return String.format(Locale.ROOT,
					"%s: chunks of %d/%d streams grew, %s Mbit/s per stream, %d chunk file(s); decoded %s",
					ok() ? "ok" : "FAILED", this.grown, this.streams, f2(mbitPerStream()), this.files, coverage());
		}

		/** The decoded streams' frames and media time, against the time they ran. */
		String coverage() {
			return this.decodedFrames + " frames, " + f2(this.decodedSeconds) + " s of " + f2(this.ranSeconds) + " s";
		}

	}

	/** The chunk files in a folder (any depth): how many and their bytes. */
	private record Written(int files, long bytes) {

		static Written in(Path folder) {
			long bytes = 0;
			List<Path> files = files(folder);
			for (Path file : files) {
				try {
					bytes += Files.size(file);
				}
				catch (IOException ex) {
					// removed meanwhile
				}
			}
			return new Written(files.size(), bytes);
		}

		static List<Path> files(Path folder) {
			if (!Files.isDirectory(folder)) {
				return List.of();
			}
			try (Stream<Path> paths = Files.walk(folder)) {
				return paths
					.filter((path) -> path.getFileName().toString().endsWith(".mp4") && Files.isRegularFile(path))
					.sorted()
					.toList();
			}
			catch (IOException ex) {
				return List.of();
			}
		}

	}

	/**
	 * One chunk decoded by the bundled {@code ffprobe}: its video frames, and its media
	 * time as the file gives it (the frame rate ffprobe guesses is no measure: the
	 * baseline's first frames, whose timestamps ffmpeg made up, can make it 50 fps).
	 */
	private record Decoded(long frames, double seconds, String error) {

		static Decoded of(Path chunk) {
			String output = Proc.command(Loader.load(ffprobe.class), "-v", "error", "-count_frames", "-select_streams",
					"v:0", "-show_entries", "stream=nb_read_frames,duration", "-of", "default=noprint_wrappers=1",
					chunk.toString());
			long frames = -1;
			double seconds = Double.NaN;
			List<String> other = new ArrayList<>();
			for (String line : output.strip().split("\n")) {
				if (line.matches("nb_read_frames=\\d+")) {
					frames = Long.parseLong(line.substring(15));
				}
				else if (line.matches("duration=[0-9.]+")) {
					seconds = Double.parseDouble(line.substring(9));
				}
				else if (!line.isBlank() && !line.startsWith("duration=") && !line.startsWith("nb_read_frames=")) {
					other.add(line);
				}
			}
			String error = (frames <= 0) ? "does not decode: " + String.join(" | ", other)
					: other.isEmpty() ? null : "decodes with errors: " + String.join(" | ", other);
			return new Decoded(Math.max(0, frames), seconds, error);
		}

	}

}
