package dev.mediaplatform.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Remembers, under {@code data/run}, which processes the local platform started, so that
 * {@code ./run-local stop} can stop them and a new start can clean up after a launcher
 * that was killed outright. A process is only ever signalled when its command line still
 * names this checkout or its data folder: a recycled pid is left alone.
 */
final class ProcessLedger {

	private final Path launcherFile;

	private final Path childrenFile;

	private final List<String> markers;

	ProcessLedger(Path runDir, Path home, Path dataDir) {
		this.launcherFile = runDir.resolve("local-stack.pid");
		this.childrenFile = runDir.resolve("children.pids");
		this.markers = List.of(home.toString(), dataDir.toString());
	}

	/**
	 * Takes the data folder for this launcher; fails when another launcher is using it.
	 */
	void claim() {
		Optional<ProcessHandle> running = launcher();
		if (running.isPresent()) {
			throw new StackException("the local platform is already running (pid " + running.get().pid()
					+ "): stop it with ./run-local stop");
		}
		stopChildren();
		try {
			Files.createDirectories(this.launcherFile.getParent());
			Files.writeString(this.launcherFile, Long.toString(ProcessHandle.current().pid()));
			Files.deleteIfExists(this.childrenFile);
		}
		catch (IOException ex) {
			throw new StackException("cannot write " + this.launcherFile + ": " + ex.getMessage(), ex);
		}
	}

	void record(JavaProcess process) {
		append(process.pid());
	}

	/**
	 * Records every process this JVM started itself (such as mysqld) that is not recorded
	 * yet.
	 */
	void recordDescendants() {
		List<Long> known = children();
		ProcessHandle.current()
			.descendants()
			.map(ProcessHandle::pid)
			.filter((pid) -> !known.contains(pid))
			.forEach(this::append);
	}

	void release() {
		try {
			Files.deleteIfExists(this.childrenFile);
			if (launcher().map((handle) -> handle.pid() == ProcessHandle.current().pid()).orElse(true)) {
				Files.deleteIfExists(this.launcherFile);
			}
		}
		catch (IOException ex) {
			// Nothing is left running; a stale file is cleaned up by the next start.
		}
	}

	/**
	 * Stops the launcher (which stops what it started) and then anything it left behind;
	 * returns how many.
	 */
	int stopAll() {
		int stopped = 0;
		Optional<ProcessHandle> launcher = launcher();
		if (launcher.isPresent()) {
			stopped++;
			terminate(launcher.get(), Duration.ofSeconds(90));
		}
		stopped += stopChildren();
		release();
		return stopped;
	}

	private int stopChildren() {
		int stopped = 0;
		for (long pid : children()) {
			Optional<ProcessHandle> child = ProcessHandle.of(pid).filter(this::isOurs);
			if (child.isPresent()) {
				stopped++;
				terminate(child.get(), Duration.ofSeconds(30));
			}
		}
		return stopped;
	}

	private static void terminate(ProcessHandle handle, Duration grace) {
		handle.destroy();
		try {
			handle.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			handle.descendants().forEach(ProcessHandle::destroyForcibly);
			handle.destroyForcibly();
		}
	}

	private Optional<ProcessHandle> launcher() {
		try {
			if (!Files.exists(this.launcherFile)) {
				return Optional.empty();
			}
			long pid = Long.parseLong(Files.readString(this.launcherFile).trim());
			if (pid == ProcessHandle.current().pid()) {
				return Optional.empty();
			}
			return ProcessHandle.of(pid).filter(this::isLauncher);
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private boolean isLauncher(ProcessHandle handle) {
		Optional<String> commandLine = handle.info().commandLine();
		return isOurs(handle)
				|| (handle.isAlive() && commandLine.isPresent() && (commandLine.get().contains("local-stack.jar")
						|| commandLine.get().contains(LocalStack.class.getName())));
	}

	private boolean isOurs(ProcessHandle handle) {
		Optional<String> commandLine = handle.info().commandLine();
		return handle.isAlive() && commandLine.isPresent()
				&& this.markers.stream().anyMatch(commandLine.get()::contains);
	}

	private List<Long> children() {
		try {
			if (!Files.exists(this.childrenFile)) {
				return List.of();
			}
			return Files.readAllLines(this.childrenFile, StandardCharsets.UTF_8)
				.stream()
				.map(String::trim)
				.filter((line) -> !line.isEmpty())
				.map(Long::parseLong)
				.toList();
		}
		catch (IOException | NumberFormatException ex) {
			return List.of();
		}
	}

	private synchronized void append(long pid) {
		try {
			Files.createDirectories(this.childrenFile.getParent());
			Files.writeString(this.childrenFile, pid + System.lineSeparator(), StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new StackException("cannot write " + this.childrenFile + ": " + ex.getMessage(), ex);
		}
	}

}
