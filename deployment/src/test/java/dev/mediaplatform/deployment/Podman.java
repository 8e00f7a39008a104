package dev.mediaplatform.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * podman as the project runs it ({@code tools/podman/podman}: rootful, with the runtime
 * wrapper that lets it run on machines that refuse setrlimit), with every failure
 * reported with the command and what podman said.
 */
final class Podman {

	private final List<String> base;

	private Podman(List<String> base) {
		this.base = base;
	}

	static Podman forProject(Path home) {
		if (!Files.isExecutable(Path.of("/usr/bin/podman"))) {
			throw new IllegalStateException(
					"podman is not installed: run tools/images/prepare (installs podman, runc and mmdebstrap)");
		}
		return new Podman(List.of(home.resolve("tools/podman/podman").toString()));
	}

	/** Runs podman with these arguments and returns its standard output, trimmed. */
	String run(String... args) {
		Result result = tryRun(args);
		if (result.exitCode() != 0) {
			throw new IllegalStateException(
					"podman " + String.join(" ", args) + " exited with " + result.exitCode() + ": " + result.output());
		}
		return result.output();
	}

	Result tryRun(String... args) {
		List<String> command = new ArrayList<>(this.base);
		command.addAll(List.of(args));
		try {
			Path output = Files.createTempFile("podman", ".out");
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(output.toFile())
					.start();
				if (!process.waitFor(5, TimeUnit.MINUTES)) {
					process.destroyForcibly();
					throw new IllegalStateException("podman " + String.join(" ", args) + " did not end in 5 minutes");
				}
				return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8).trim());
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("podman could not be run: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while podman ran", ex);
		}
	}

	/**
	 * Loads each service's image from the tarball Jib built into its module's target
	 * folder.
	 */
	void load(Path home, List<String> services) {
		for (String service : services) {
			Path tarball = home.resolve(service).resolve("target/image.tar");
			if (!Files.exists(tarball)) {
				throw new AssertionError(
						service + "'s image is missing (" + tarball + "): build it with ./mvnw -Pimages package");
			}
			run("load", "--quiet", "--input", tarball.toString());
		}
	}

	/** The last lines of a container's log, for a failure message. */
	String logTail(String container, int lines) {
		List<String> all = tryRun("logs", container).output().lines().toList();
		return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
	}

	record Result(int exitCode, String output) {
	}

}
