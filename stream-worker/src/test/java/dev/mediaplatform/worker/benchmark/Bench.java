package dev.mediaplatform.worker.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Small helpers shared by the benchmark's classes: progress lines, sleeping, files,
 * number formats and statistics.
 */
final class Bench {

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

	private Bench() {
	}

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

	/** A random pause, so that successive joins meet the camera's GOP at other points. */
	static void jitter() {
		sleep(ThreadLocalRandom.current().nextLong(500, 1500));
	}

	static String read(Path path) {
		try {
			return Files.readString(path, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	static String tail(Path file, int lines) {
		try {
			List<String> all = Files.readAllLines(file);
			return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	static void deleteTree(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a file an ffmpeg being killed just wrote stays in the temp folder
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
