package dev.mediaplatform.worker.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.mediaplatform.worker.benchmark.Bench.read;
import static dev.mediaplatform.worker.benchmark.Bench.sleep;

/**
 * Sampling of processes and the machine from {@code /proc}: CPU time, memory and the
 * machine's description; also running and stopping helper processes.
 */
final class Proc {

	/** The unit of the CPU times in {@code /proc}. */
	private static final long CLOCK_TICKS = clockTicks();

	private Proc() {
	}

	/** utime + stime of a process (all its threads), in clock ticks. */
	static long cpuTicks(Object pid) {
		String stat = read(Path.of("/proc", pid.toString(), "stat"));
		int end = stat.lastIndexOf(')');
		if (end < 0) {
			return 0;
		}
		// fields[0] is field 3 (state): utime is field 14, stime field 15
		String[] fields = stat.substring(end + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static long clockTicks() {
		try {
			return Long.parseLong(command("getconf", "CLK_TCK").strip());
		}
		catch (NumberFormatException ex) {
			return 100;
		}
	}

	/** The output of a short command, or "" if it cannot run. */
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

	/** Asks the processes to quit (SIGTERM), kills those still there after 5 s. */
	static void terminate(List<Process> processes) {
		processes.forEach(Process::destroy);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		for (Process process : processes) {
			try {
				if (!process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** A process's memory from {@code smaps_rollup}, in kB. */
	record Mem(long rssKb, long pssKb, long anonKb) {

		static final Mem ZERO = new Mem(0, 0, 0);

		static Mem of(Object pid) {
			long rss = 0;
			long pss = 0;
			long anon = 0;
			for (String line : read(Path.of("/proc", pid.toString(), "smaps_rollup")).split("\n")) {
				String[] parts = line.trim().split("\\s+");
				if (parts.length >= 2) {
					switch (parts[0]) {
						case "Rss:" -> rss = Long.parseLong(parts[1]);
						case "Pss:" -> pss = Long.parseLong(parts[1]);
						case "Anonymous:" -> anon = Long.parseLong(parts[1]);
						default -> {
						}
					}
				}
			}
			return new Mem(rss, pss, anon);
		}

		Mem plus(Mem other) {
			return new Mem(this.rssKb + other.rssKb, this.pssKb + other.pssKb, this.anonKb + other.anonKb);
		}

		Mem minus(Mem other) {
			return new Mem(this.rssKb - other.rssKb, this.pssKb - other.pssKb, this.anonKb - other.anonKb);
		}

	}

	/** This JVM's memory after a full GC. */
	record Jvm(Mem mem, long heapUsedBytes, int threads) {

		static Jvm measure() {
			System.gc();
			sleep(500);
			System.gc();
			sleep(1000);
			return new Jvm(Mem.of("self"), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
					ManagementFactory.getThreadMXBean().getThreadCount());
		}

	}

	/**
	 * Cumulative CPU ticks of the processes of interest and of the machine, at one
	 * moment.
	 */
	record Ticks(long nanos, long self, long camera, long keeper, long children, long machineBusy, long machineTotal) {

		static Ticks take(long camera, long keeper, List<Long> children) {
			String[] cpu = read(Path.of("/proc/stat")).lines().findFirst().orElse("cpu").trim().split("\\s+");
			long total = 0;
			long idle = 0;
			for (int i = 1; i < Math.min(cpu.length, 9); i++) {
				long value = Long.parseLong(cpu[i]);
				total += value;
				// idle and iowait
				idle += (i == 4 || i == 5) ? value : 0;
			}
			return new Ticks(System.nanoTime(), cpuTicks("self"), cpuTicks(camera), cpuTicks(keeper),
					children.stream().mapToLong(Proc::cpuTicks).sum(), total - idle, total);
		}

		Window since(Ticks start) {
			double wall = (this.nanos - start.nanos) / 1e9;
			double machineTotal = this.machineTotal - start.machineTotal;
			double cores = Runtime.getRuntime().availableProcessors();
			double busy = (machineTotal > 0) ? 100.0 * cores * (this.machineBusy - start.machineBusy) / machineTotal
					: Double.NaN;
			return new Window(percent(this.self - start.self, wall), percent(this.camera - start.camera, wall),
					percent(this.keeper - start.keeper, wall), percent(this.children - start.children, wall), busy,
					read(Path.of("/proc/loadavg")).strip());
		}

		private static double percent(long ticks, double wallSeconds) {
			return 100.0 * ticks / CLOCK_TICKS / wallSeconds;
		}

	}

	/** CPU over a window, each in % of one core. */
	record Window(double selfPct, double cameraPct, double keeperPct, double childrenPct, double machineBusyPct,
			String loadAverage) {

		/** The machine's busy time not accounted for here: other users of the machine. */
		double otherPct() {
			return this.machineBusyPct - this.selfPct - this.cameraPct - this.keeperPct - this.childrenPct;
		}

	}

	record Machine(String nproc, String model, String javaVersion, String kernel, String memory, String jvmArgs) {

		static Machine describe() {
			String nproc = command("nproc").strip();
			String model = read(Path.of("/proc/cpuinfo")).lines()
				.filter((l) -> l.startsWith("model name"))
				.map((l) -> l.substring(l.indexOf(':') + 1).strip())
				.findFirst()
				.orElse("unknown");
			String memory = read(Path.of("/proc/meminfo")).lines()
				.filter((l) -> l.startsWith("MemTotal"))
				.map((l) -> l.replaceAll("\\s+", " "))
				.findFirst()
				.orElse("");
			return new Machine(nproc.isEmpty() ? Integer.toString(Runtime.getRuntime().availableProcessors()) : nproc,
					model,
					command(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version").strip(),
					read(Path.of("/proc/sys/kernel/osrelease")).strip(), memory,
					String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
		}

	}

}
