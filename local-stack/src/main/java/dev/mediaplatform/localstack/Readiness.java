package dev.mediaplatform.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Waits for the platform's components to come up: polls each until it is ready, tells the
 * user every few seconds which ones are still awaited, and fails on the first crash with
 * the end of its log, so that a start never hangs silently.
 */
final class Readiness {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(6);

	private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

	private final Progress progress;

	private final Path logDir;

	Readiness(Progress progress, Path logDir) {
		this.progress = progress;
		this.logDir = logDir;
	}

	/**
	 * A component being waited for: its name, its readiness check and the process that
	 * runs it.
	 */
	record Pending(String name, BooleanSupplier ready, JavaProcess process) {

		static Pending of(ServiceProcess service) {
			return new Pending(service.name(), service::isReady, service.process());
		}

		static Pending of(KafkaBroker kafka) {
			return new Pending("kafka", kafka::isReady, kafka.process());
		}

	}

	void await(Pending pending) {
		await(List.of(pending), "up");
	}

	void await(List<Pending> pending) {
		await(pending, "up");
	}

	/**
	 * Polls until every component is ready, naming the ones still waited for, and failing
	 * on the first crash.
	 * @param readyMessage what the console says of each component once it is ready
	 */
	void await(List<Pending> pending, String readyMessage) {
		List<Pending> waiting = new ArrayList<>(pending);
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		long nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
		while (!waiting.isEmpty()) {
			for (Pending item : List.copyOf(waiting)) {
				if (!item.process().isAlive()) {
					throw new StackException(item.name() + " exited with status " + item.process().exitValue()
							+ " while starting; the end of " + item.process().log() + ":" + System.lineSeparator()
							+ item.process().tail(15));
				}
				if (item.ready().getAsBoolean()) {
					this.progress.report(item.name(), readyMessage);
					waiting.remove(item);
				}
			}
			if (waiting.isEmpty()) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new StackException("still not ready after " + START_TIMEOUT.toMinutes() + " minutes: "
						+ names(waiting) + "; see their logs in " + this.logDir + logTails(waiting));
			}
			if (System.nanoTime() > nextReport) {
				this.progress.report("local-stack", "waiting for " + names(waiting));
				nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
			}
			sleep(Duration.ofMillis(500));
		}
	}

	private static String logTails(List<Pending> waiting) {
		StringBuilder logs = new StringBuilder();
		for (Pending item : waiting) {
			logs.append(System.lineSeparator())
				.append("the end of ")
				.append(item.process().log())
				.append(':')
				.append(System.lineSeparator())
				.append(item.process().tail(25));
		}
		return logs.toString();
	}

	private static String names(List<Pending> pending) {
		return String.join(", ", pending.stream().map(Pending::name).toList());
	}

	/**
	 * Sleeps; an interrupt ends the wait with a {@link StackException}, the thread's
	 * interrupt flag set again.
	 */
	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackException("interrupted");
		}
	}

}
