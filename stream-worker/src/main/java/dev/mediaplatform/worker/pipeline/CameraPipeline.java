package dev.mediaplatform.worker.pipeline;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.mediaplatform.worker.media.HlsFolder;
import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's live pipeline: a thread that runs the media engine for as long as the
 * camera is wanted, reconnecting with capped exponential backoff after every failure that
 * is not permanent, and reporting each state change.
 */
final class CameraPipeline implements MediaEngine.Session {

	private static final Logger log = LoggerFactory.getLogger(CameraPipeline.class);

	private final String cameraId;

	private final SourceResolver resolver;

	private final MediaEngine engine;

	private final HlsFolder folder;

	private final Reporter reporter;

	private final BackoffSettings backoff;

	private final Clock clock;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition stopSignal = this.lock.newCondition();

	private final AtomicLong inputBytes = new AtomicLong();

	private final AtomicLong reconnects = new AtomicLong();

	private final Thread thread;

	private volatile boolean stopping;

	private volatile boolean endPlaylist;

	private volatile String state = "STARTING";

	private volatile Instant lastSegment;

	/**
	 * Failed attempts since the camera was last live; only the pipeline's thread uses it.
	 */
	private int attempt;

	CameraPipeline(String cameraId, SourceResolver resolver, MediaEngine engine, HlsFolder folder, Reporter reporter,
			BackoffSettings backoff, Clock clock) {
		this.cameraId = cameraId;
		this.resolver = resolver;
		this.engine = engine;
		this.folder = folder;
		this.reporter = reporter;
		this.backoff = backoff;
		this.clock = clock;
		this.thread = new Thread(this::supervise, "pipeline-" + cameraId.substring(0, Math.min(8, cameraId.length())));
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	/**
	 * Asks the pipeline to stop; {@link #awaitStopped(Duration)} waits for it.
	 * @param end whether players should be told the stream ended (a stop by the user or a
	 * shutdown), rather than left waiting for the next owner to continue it
	 */
	void requestStop(boolean end) {
		this.lock.lock();
		try {
			this.endPlaylist = end;
			this.stopping = true;
			this.stopSignal.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean awaitStopped(Duration timeout) {
		try {
			this.thread.join(timeout.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return !this.thread.isAlive();
	}

	String cameraId() {
		return this.cameraId;
	}

	String state() {
		return this.state;
	}

	long inputBytes() {
		return this.inputBytes.get();
	}

	long reconnects() {
		return this.reconnects.get();
	}

	/** Seconds since the last segment was written, or -1 before the first. */
	double segmentAge() {
		Instant last = this.lastSegment;
		return (last != null) ? Duration.between(last, this.clock.instant()).toMillis() / 1000.0 : -1;
	}

	@Override
	public boolean stopRequested() {
		return this.stopping;
	}

	@Override
	public void segmentWritten(Instant at) {
		this.lastSegment = at;
		if (!"LIVE".equals(this.state)) {
			this.attempt = 0;
			report("LIVE", null, 0);
		}
	}

	@Override
	public void received(long bytes) {
		this.inputBytes.addAndGet(bytes);
	}

	private void supervise() {
		report("STARTING", null, 0);
		try {
			LiveSource source = this.resolver.resolve();
			while (!this.stopping) {
				try {
					this.engine.run(source, this.folder.path(), this);
					// Returns normally only when asked to stop.
				}
				catch (MediaFailure failure) {
					if (this.stopping) {
						break;
					}
					if (failure.permanent()) {
						fail(failure);
						break;
					}
					this.attempt++;
					this.reconnects.incrementAndGet();
					log.info("camera {}: {}; reconnect attempt {}", this.cameraId, failure.getMessage(), this.attempt);
					report("RECONNECTING", failure.getMessage(), this.attempt);
					pause(this.backoff.delay(this.attempt));
				}
			}
		}
		catch (MediaFailure failure) {
			fail(failure);
		}
		catch (RuntimeException ex) {
			log.error("camera {}: pipeline failed", this.cameraId, ex);
			report("FAILED", "the worker failed unexpectedly; stop and start the stream again", 0);
			awaitStopRequest();
		}
		finally {
			finish();
		}
	}

	private void fail(MediaFailure failure) {
		log.warn("camera {}: {}", this.cameraId, failure.getMessage());
		report("FAILED", failure.getMessage(), 0);
		// A person must act (new URL, codec, credentials): that arrives as a new command.
		awaitStopRequest();
	}

	private void finish() {
		if (this.endPlaylist) {
			try {
				this.folder.end();
			}
			catch (IOException ex) {
				log.warn("camera {}: cannot end the playlist in {}: {}", this.cameraId, this.folder.path(),
						ex.getMessage());
			}
		}
		this.state = "STOPPED";
	}

	private void report(String newState, String error, int attempt) {
		this.state = newState;
		this.reporter.report(this, newState, error, attempt);
	}

	private void pause(Duration delay) {
		this.lock.lock();
		try {
			long nanos = delay.toNanos();
			while (!this.stopping && nanos > 0) {
				nanos = this.stopSignal.awaitNanos(nanos);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void awaitStopRequest() {
		this.lock.lock();
		try {
			while (!this.stopping) {
				this.stopSignal.await(1, TimeUnit.MINUTES);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Turns the command into something the media engine can open. */
	@FunctionalInterface
	interface SourceResolver {

		LiveSource resolve() throws MediaFailure;

	}

	/** Where state changes go. */
	interface Reporter {

		void report(CameraPipeline pipeline, String state, String error, int attempt);

	}

}
