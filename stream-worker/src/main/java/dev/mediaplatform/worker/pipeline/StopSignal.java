package dev.mediaplatform.worker.pipeline;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pipeline's request to stop, and the waits of its thread that the request cuts short:
 * the pause before a reconnect, and the wait of a pipeline that has nothing more to do
 * until it is stopped.
 */
final class StopSignal {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition signal = this.lock.newCondition();

	private volatile boolean requested;

	private volatile boolean endPlaylist;

	/**
	 * Asks the pipeline to stop.
	 * @param end whether players should be told the stream ended (a stop by the user or a
	 * shutdown), rather than left waiting for the next owner to continue it
	 */
	void request(boolean end) {
		this.lock.lock();
		try {
			this.endPlaylist = end;
			this.requested = true;
			this.signal.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean requested() {
		return this.requested;
	}

	/** Whether the stop asked to end the playlist. */
	boolean endPlaylist() {
		return this.endPlaylist;
	}

	/** Waits for {@code delay}, or less when a stop is requested meanwhile. */
	void pause(Duration delay) {
		this.lock.lock();
		try {
			long nanos = delay.toNanos();
			while (!this.requested && nanos > 0) {
				nanos = this.signal.awaitNanos(nanos);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Waits until a stop is requested. */
	void await() {
		this.lock.lock();
		try {
			while (!this.requested) {
				this.signal.await(1, TimeUnit.MINUTES);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

}
