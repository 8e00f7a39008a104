package dev.mediaplatform.localstack;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Short system commands the local platform runs and waits for: the test camera's
 * installer, and {@code kill(1)} for the signals Java cannot send (it sends only SIGTERM
 * and SIGKILL), SIGSTOP and SIGCONT, which the fault suite pauses and resumes processes
 * with.
 */
final class Commands {

	private Commands() {
	}

	/**
	 * Runs the command with no input and waits for it.
	 * @return its exit code
	 */
	static int run(List<String> command, ProcessBuilder.Redirect output, Duration timeout) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new StackException(String.join(" ", command) + " did not finish within " + timeout);
			}
			return process.exitValue();
		}
		catch (IOException ex) {
			throw new StackException(String.join(" ", command) + " could not be run: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackException("interrupted while running " + String.join(" ", command), ex);
		}
	}

	/**
	 * Sends a process a signal.
	 * @param pid the process
	 * @param signal the signal's name without {@code SIG}, for example {@code STOP}
	 * @param what the process as an error names it, for example {@code the test camera}
	 */
	static void signal(long pid, String signal, String what) {
		int exit = run(List.of("kill", "-" + signal, Long.toString(pid)), ProcessBuilder.Redirect.DISCARD,
				Duration.ofSeconds(10));
		if (exit != 0) {
			throw new StackException("cannot send SIG" + signal + " to " + what + " (pid " + pid + ")");
		}
	}

}
