package dev.mediaplatform.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM started by the local platform, its output in a log file of its own.
 * Stopping asks politely (SIGTERM, so Spring and Kafka shut down gracefully) and then
 * insists.
 */
public final class JavaProcess {

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	private final String name;

	private final Process process;

	private final Path log;

	private JavaProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts {@code java <jvmArgs> <args>} with the same Java that runs this launcher.
	 */
	public static JavaProcess start(String name, List<String> jvmArgs, List<String> args, Map<String, String> env,
			Path log) {
		List<String> command = new ArrayList<>();
		if (Files.isExecutable(SETSID)) {
			// A session of its own: Ctrl-C reaches only the launcher, which then stops
			// everything in order.
			command.add(SETSID.toString());
		}
		command.add(javaExecutable());
		command.addAll(jvmArgs);
		command.addAll(args);
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
			builder.environment().putAll(env);
			return new JavaProcess(name, builder.start(), log);
		}
		catch (IOException ex) {
			throw new StackException(name + " could not be started: " + ex.getMessage(), ex);
		}
	}

	static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * The class path of this JVM, manifest Class-Path entries included, for children that
	 * run our libraries.
	 */
	static String classPath() {
		return System.getProperty("java.class.path");
	}

	private static java.io.File nullDevice() {
		return new java.io.File("/dev/null");
	}

	public String name() {
		return this.name;
	}

	public long pid() {
		return this.process.pid();
	}

	public Path log() {
		return this.log;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public int exitValue() {
		return this.process.exitValue();
	}

	public boolean waitFor(Duration timeout) throws InterruptedException {
		return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Kills the process outright (SIGKILL), as a crash or the out-of-memory killer would.
	 */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Freezes the process (SIGSTOP), as a long GC pause or a frozen node would: it holds
	 * its sockets and files and does nothing until {@link #resume()}.
	 */
	public void pause() {
		signal("STOP");
	}

	/** Lets a paused process run again (SIGCONT). */
	public void resume() {
		signal("CONT");
	}

	private void signal(String name) {
		Commands.signal(pid(), name, this.name);
	}

	/**
	 * SIGTERM, then SIGKILL for the process and anything it started if it is still there
	 * after the grace time.
	 */
	public void stop(Duration grace) {
		if (!this.process.isAlive()) {
			return;
		}
		List<ProcessHandle> descendants = this.process.descendants().toList();
		this.process.destroy();
		try {
			if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		descendants.forEach(ProcessHandle::destroyForcibly);
	}

	/** The last lines of the log, to show why a process failed. */
	public String tail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException | RuntimeException ex) {
			return "(no log at " + this.log + ")";
		}
	}

}
