package dev.mediaplatform.localstack;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Sends a process the signals Java cannot (it sends only SIGTERM and SIGKILL): SIGSTOP
 * and SIGCONT, which the fault suite pauses and resumes processes with, through
 * {@code kill(1)}.
 */
final class Signals {

	private Signals() {
	}

	/**
	 * @param pid the process
	 * @param signal the signal's name without {@code SIG}, for example {@code STOP}
	 * @param what the process as an error names it, for example {@code the test camera}
	 */
	static void send(long pid, String signal, String what) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!kill.waitFor(10, TimeUnit.SECONDS)) {
				kill.destroyForcibly();
				throw new StackException("kill -" + signal + " did not finish within 10 s");
			}
			if (kill.exitValue() != 0) {
				throw new StackException("cannot send SIG" + signal + " to " + what + " (pid " + pid + ")");
			}
		}
		catch (IOException ex) {
			throw new StackException("cannot run kill: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackException("interrupted while signalling " + what, ex);
		}
	}

}
