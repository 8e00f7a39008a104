package dev.mediaplatform.worker.benchmark;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's command line. */
record Options(List<String> args, Path root, List<Integer> counts, int windowSeconds, int repeats, String codec,
		double chunkSeconds, boolean quick, boolean help, boolean keepFiles, Path out, Path workDir) {

	/** The worker's default chunk length ({@code RECORDING_CHUNK_SECONDS}). */
	static final double SHIPPED_CHUNK_SECONDS = 60;

	static final String USAGE = """
			usage: benchmarks/live-streaming [--quick] [N ...] [--window SECONDS] [--repeats R] [--chunk SECONDS]
			                                 [--codec h264|h265] [--out FILE] [--work DIR] [--keep-files]
			  N ...        camera counts to measure (default 1 10 40)
			  --quick      N = 1 and 3, a 10 s window and 3 start repeats
			  --window     steady window for CPU (default 25 s)
			  --repeats    extra starts of a single stream for the start-time distribution (default 10)
			  --chunk      recording chunk length (default 60 s, as shipped)
			  --out        report file (default benchmarks/results/live-streaming-<date>.md)
			  --work       folder for the HLS and recording output (default the system temp folder)""";

	static Options parse(String[] args) {
		Path root = Path.of("").toAbsolutePath();
		List<Integer> counts = new ArrayList<>();
		Integer window = null;
		Integer repeats = null;
		String codec = "h264";
		double chunk = SHIPPED_CHUNK_SECONDS;
		boolean quick = false;
		boolean help = false;
		boolean keepFiles = false;
		Path out = null;
		Path work = null;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			switch (arg) {
				case "--quick" -> quick = true;
				case "--help", "-h" -> help = true;
				case "--keep-files" -> keepFiles = true;
				case "--window" -> window = positive(value(args, ++i, arg), arg);
				case "--repeats" -> repeats = Integer.parseInt(value(args, ++i, arg));
				case "--codec" -> codec = value(args, ++i, arg);
				case "--chunk" -> chunk = positiveSeconds(value(args, ++i, arg), arg);
				case "--out" -> out = Path.of(value(args, ++i, arg));
				case "--work" -> work = Path.of(value(args, ++i, arg));
				case "--root" -> root = Path.of(value(args, ++i, arg)).toAbsolutePath();
				default -> {
					for (String part : arg.split(",")) {
						if (!part.matches("\\d+")) {
							throw new IllegalArgumentException("unknown argument: " + arg);
						}
						counts.add(positive(part, "N"));
					}
				}
			}
		}
		if (!codec.equals("h264") && !codec.equals("h265")) {
			throw new IllegalArgumentException("--codec must be h264 or h265");
		}
		if (counts.isEmpty()) {
			counts.addAll(quick ? List.of(1, 3) : List.of(1, 10, 40));
		}
		return new Options(List.of(args), root, counts.stream().distinct().sorted().toList(),
				(window != null) ? window : (quick ? 10 : 25),
				Math.max(0, (repeats != null) ? repeats : (quick ? 3 : 10)), codec, chunk, quick, help, keepFiles, out,
				work);
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

	private static double positiveSeconds(String text, String name) {
		double value = Double.parseDouble(text);
		if (!(value >= 1)) {
			throw new IllegalArgumentException(name + " must be at least 1 s");
		}
		return value;
	}

	int maxCount() {
		return this.counts.get(this.counts.size() - 1);
	}

	Path output() {
		return (this.out != null) ? this.out : this.root.resolve("benchmarks/results")
			.resolve("live-streaming-" + LocalDate.now() + (this.quick ? "-quick" : "") + ".md");
	}

	/** The command line as typed, without the {@code --root} the script adds. */
	String commandLine() {
		List<String> shown = new ArrayList<>();
		for (int i = 0; i < this.args.size(); i++) {
			if (this.args.get(i).equals("--root")) {
				i++;
			}
			else {
				shown.add(this.args.get(i));
			}
		}
		return ("benchmarks/live-streaming " + String.join(" ", shown)).strip();
	}

}
