package dev.mediaplatform.worker.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.mediaplatform.worker.media.HlsFolder;
import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import dev.mediaplatform.worker.media.RecordedChunk;
import dev.mediaplatform.worker.media.RecordingFolder;
import dev.mediaplatform.worker.status.PipelineState;
import dev.mediaplatform.worker.status.RecordingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's pipeline: a thread that keeps one connection to the camera for as long as
 * live HLS or recording is wanted, reconnecting with capped exponential backoff after
 * every failure that is not permanent, and reporting each change of what it does. Live
 * and recording are switched on and off while it runs, without a new connection. It
 * writes the camera's files only while it holds the camera's {@link CameraLease lease}:
 * once another worker took the camera over, it writes and reports nothing more.
 */
final class CameraPipeline implements MediaEngine.Session {

	private static final Logger log = LoggerFactory.getLogger(CameraPipeline.class);

	private final String cameraId;

	private final SourceResolver resolver;

	private final MediaEngine engine;

	private final Path liveFolder;

	private final RecordingFolder recordings;

	private final Reporter reporter;

	private final BackoffSettings backoff;

	private final Clock clock;

	private final CameraLease lease;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition stopSignal = this.lock.newCondition();

	private final AtomicLong inputBytes = new AtomicLong();

	private final AtomicLong reconnects = new AtomicLong();

	private final Thread thread;

	private volatile boolean stopping;

	private volatile boolean endPlaylist;

	private volatile boolean liveWanted;

	private volatile boolean recordingWanted;

	private volatile PipelineState state = PipelineState.STARTING;

	private volatile String error;

	private volatile Instant lastSegment;

	/** The chunk being written, or -1. */
	private volatile long openChunk = -1;

	/** Why recording stopped on its own, until a chunk is written again. */
	private volatile String recordingFailure;

	/** What was last reported, so that nothing is reported twice. */
	private Status reported;

	/**
	 * Failed attempts since the camera was last live; only the pipeline's thread uses it.
	 */
	private int attempt;

	/** When the camera was lost ({@link System#nanoTime()}), for the reconnect delay. */
	private long lostSince;

	CameraPipeline(String cameraId, SourceResolver resolver, MediaEngine engine, Path liveFolder,
			RecordingFolder recordings, CameraLease lease, Reporter reporter, BackoffSettings backoff, Clock clock) {
		this.cameraId = cameraId;
		this.resolver = resolver;
		this.engine = engine;
		this.liveFolder = liveFolder;
		this.recordings = recordings;
		this.reporter = reporter;
		this.backoff = backoff;
		this.clock = clock;
		this.lease = lease;
		this.thread = new Thread(this::supervise, "pipeline-" + cameraId.substring(0, Math.min(8, cameraId.length())));
		this.thread.setDaemon(true);
	}

	/** Sets what is wanted; takes effect at the next packet. */
	void want(boolean live, boolean recording) {
		this.liveWanted = live;
		this.recordingWanted = recording;
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

	PipelineState state() {
		return this.state;
	}

	/** The pipeline's state as status events report it. */
	Status status() {
		return new Status(this.state, this.error, this.attempt, recordingState(), recordingError());
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

	/** The chunk being written, or -1. */
	long openChunkStart() {
		return this.openChunk;
	}

	/** 1 while a chunk is being written, for the gauge. */
	double recordingNow() {
		return (this.openChunk >= 0) ? 1 : 0;
	}

	/**
	 * Whether another worker took the camera over: this pipeline only waits to be
	 * stopped.
	 */
	boolean fenced() {
		return this.lease.lost();
	}

	@Override
	public boolean stopRequested() {
		return this.stopping;
	}

	@Override
	public void confirmOwner() throws MediaFailure {
		this.lease.confirm();
	}

	@Override
	public boolean liveWanted() {
		return this.liveWanted;
	}

	@Override
	public boolean recordingWanted() {
		return this.recordingWanted;
	}

	@Override
	public void segmentWritten(Instant at) {
		this.lastSegment = at;
		if (this.state != PipelineState.LIVE) {
			this.attempt = 0;
			report(PipelineState.LIVE, null);
		}
	}

	@Override
	public void received(long bytes) {
		this.inputBytes.addAndGet(bytes);
		if (this.state != PipelineState.LIVE && !this.liveWanted) {
			// Recording only: the camera answering is what makes it live.
			this.attempt = 0;
			report(PipelineState.LIVE, null);
		}
	}

	@Override
	public void chunkOpened(RecordedChunk chunk) {
		this.openChunk = chunk.startMillis();
		this.recordingFailure = null;
		this.reporter.chunk(this, chunk, true);
		report(this.state, this.error);
	}

	@Override
	public void chunkClosed(RecordedChunk chunk) {
		if (this.openChunk == chunk.startMillis()) {
			this.openChunk = -1;
		}
		this.reporter.chunk(this, chunk, false);
	}

	@Override
	public void recordingFailed(String reason) {
		this.recordingFailure = reason;
		report(this.state, this.error);
	}

	private RecordingState recordingState() {
		if (!this.recordingWanted) {
			return RecordingState.OFF;
		}
		if (this.recordingFailure != null) {
			return RecordingState.FAILED;
		}
		if (this.openChunk >= 0) {
			return RecordingState.ON;
		}
		return (this.state == PipelineState.RECONNECTING || this.state == PipelineState.FAILED) ? RecordingState.FAILED
				: RecordingState.STARTING;
	}

	private String recordingError() {
		return switch (recordingState()) {
			case FAILED -> (this.recordingFailure != null) ? this.recordingFailure
					: "not recording while the camera is lost: " + this.error;
			default -> null;
		};
	}

	private void supervise() {
		report(PipelineState.STARTING, null);
		try {
			if (!takeLease()) {
				return;
			}
			recover();
			LiveSource source = this.resolver.resolve();
			MediaEngine.Outputs outputs = new MediaEngine.Outputs(this.liveFolder, this.recordings, this.clock);
			while (!this.stopping) {
				try {
					this.engine.run(source, outputs, this);
					// Returns normally only when asked to stop.
				}
				catch (MediaFailure failure) {
					if (this.stopping && !failure.fenced()) {
						break;
					}
					if (failure.fenced()) {
						fenced(failure.getMessage());
						break;
					}
					if (failure.permanent()) {
						fail(failure);
						break;
					}
					this.attempt++;
					this.reconnects.incrementAndGet();
					log.info("camera {}: {}; reconnect attempt {}", this.cameraId, failure.getMessage(), this.attempt);
					report(PipelineState.RECONNECTING, failure.getMessage());
					pause(retryDelay());
					if (!this.stopping && !takeLease()) {
						break;
					}
				}
			}
		}
		catch (MediaFailure failure) {
			fail(failure);
		}
		catch (RuntimeException ex) {
			log.error("camera {}: pipeline failed", this.cameraId, ex);
			report(PipelineState.FAILED, "the worker failed unexpectedly; stop and start the stream again");
			awaitStopRequest();
		}
		finally {
			finish();
		}
	}

	/** The wait before the next attempt, from how long the camera has been gone. */
	private Duration retryDelay() {
		if (this.attempt <= 1) {
			this.lostSince = System.nanoTime();
		}
		return this.backoff.delay(Duration.ofNanos(System.nanoTime() - this.lostSince));
	}

	/**
	 * Takes the camera's lease, or confirms it after a reconnect, trying again while the
	 * storage does not answer.
	 * @return whether this pipeline may write; {@code false} once it was fenced or asked
	 * to stop
	 */
	private boolean takeLease() {
		while (!this.stopping) {
			try {
				if (this.lease.acquire()) {
					return true;
				}
				fenced("another worker (" + this.lease.lostTo().map(CameraLease.Entry::holder).orElse("?")
						+ ") holds the camera's lease");
				return false;
			}
			catch (java.io.IOException ex) {
				this.attempt++;
				report(PipelineState.RECONNECTING, "cannot take the camera's lease on the storage (" + ex.getMessage()
						+ "): check that the shared volume is mounted and writable; retrying");
				pause(retryDelay());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	/**
	 * Another worker took the camera over while this one could not see it (paused past
	 * its session timeout): nothing more is written or reported; Kafka's revocation stops
	 * the pipeline when this worker's consumer runs again.
	 */
	private void fenced(String reason) {
		log.warn("camera {}: {}", this.cameraId, reason);
		this.openChunk = -1;
		awaitStopRequest();
	}

	/** Closes and announces what an earlier writer of this camera left open. */
	private void recover() {
		for (RecordedChunk chunk : this.recordings.recover()) {
			this.reporter.chunk(this, chunk, false);
		}
	}

	private void fail(MediaFailure failure) {
		log.warn("camera {}: {}", this.cameraId, failure.getMessage());
		report(PipelineState.FAILED, failure.getMessage());
		// A person must act (new URL, codec, credentials): that arrives as a new command.
		awaitStopRequest();
	}

	private void finish() {
		if (this.lease.lost()) {
			this.state = PipelineState.STOPPED;
			return;
		}
		if (this.endPlaylist && owner()) {
			try {
				HlsFolder.endPlaylist(this.liveFolder);
			}
			catch (IOException ex) {
				log.warn("camera {}: cannot end the playlist in {}: {}", this.cameraId, this.liveFolder,
						ex.getMessage());
			}
		}
		this.openChunk = -1;
		this.state = PipelineState.STOPPED;
		try {
			this.lease.release();
		}
		catch (java.io.IOException ex) {
			log.warn("camera {}: cannot release its lease: {}; the next owner waits a moment longer", this.cameraId,
					ex.getMessage());
		}
	}

	private boolean owner() {
		if (this.lease.epoch() < 0) {
			// Stopped before it wrote anything.
			return false;
		}
		try {
			this.lease.confirm();
			return true;
		}
		catch (MediaFailure failure) {
			log.warn("camera {}: {}", this.cameraId, failure.getMessage());
			return false;
		}
	}

	private void report(PipelineState newState, String newError) {
		this.state = newState;
		this.error = newError;
		if (this.lease.lost()) {
			// The new owner reports the camera.
			return;
		}
		Status status = status();
		synchronized (this) {
			if (status.equals(this.reported)) {
				return;
			}
			this.reported = status;
		}
		this.reporter.report(this, status);
	}

	/** Reports the state again: what is wanted changed. */
	void reportWanted() {
		report(this.state, this.error);
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

	/**
	 * What status events say of the pipeline.
	 *
	 * @param state what the pipeline does
	 * @param error the cause and fix, for RECONNECTING and FAILED
	 * @param attempt the reconnect attempt
	 * @param recording whether recording is written
	 * @param recordingError why recording is not written, for FAILED
	 */
	record Status(PipelineState state, String error, int attempt, RecordingState recording, String recordingError) {

		Status {
			Objects.requireNonNull(state);
		}

	}

	/** Turns the command into something the media engine can open. */
	@FunctionalInterface
	interface SourceResolver {

		LiveSource resolve() throws MediaFailure;

	}

	/** Where state changes and chunks go. */
	interface Reporter {

		void report(CameraPipeline pipeline, Status status);

		/**
		 * A chunk was opened, or closed (complete, or removed because nothing playable
		 * was written).
		 */
		void chunk(CameraPipeline pipeline, RecordedChunk chunk, boolean opened);

	}

}
