package dev.mediaplatform.localstack;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Start-up progress on the console, each line stamped with the seconds since the start.
 */
public final class Progress {

	private final PrintStream out;

	private final long started = System.nanoTime();

	public Progress(PrintStream out) {
		this.out = out;
	}

	public void report(String component, String message) {
		double seconds = (System.nanoTime() - this.started) / 1e9;
		synchronized (this.out) {
			this.out.printf(Locale.ROOT, "[%6.1fs] %-17s %s%n", seconds, component, message);
		}
	}

	public double elapsedSeconds() {
		return (System.nanoTime() - this.started) / 1e9;
	}

}
