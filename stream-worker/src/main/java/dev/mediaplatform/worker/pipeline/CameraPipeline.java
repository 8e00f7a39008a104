package dev.mediaplatform.worker.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import dev.mediaplatform.worker.media.HlsFolder;
import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import dev.mediaplatform.worker.media.RecordedChunk;
import dev.mediaplatform.worker.media.RecordingFolder;
import dev.mediaplatform.worker.status.PipelineState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's pipeline: a thread that keeps one connection to the camera for as long as
 * live HLS or recording is wanted, reconnecting with capped exponential backoff after
 * every failure that is not permanent, and telling its {@link PipelineListener listener}
 * each change of what it does. Live and recording are switched on and off while it runs,
 * without a new connection. It writes the camera's files only while it holds the camera's
 * {@link CameraLease lease}: once another worker took the camera over, it writes and
 * reports nothing more.
 */
final class CameraPipeline implements MediaEngine.Session {

	private static final Logger log = LoggerFactory.getLogger(CameraPipeline.class);

	private final String cameraId;

	private final SourceResolver resolver;

	private final MediaEngine engine;

	private final Path liveFolder;

	private final RecordingFolder recordings;

	private final PipelineListener listener;

	private final BackoffSettings backoff;

	private final Clock clock;

	private final CameraLease lease;

	private final StopSignal stop = new StopSignal();

	private final RecordingProgress recording = new RecordingProgress();

	private final AtomicLong inputBytes = new AtomicLong();

	private final AtomicLong reconnects = new AtomicLong();

	private final Thread thread;

	private volatile boolean liveWanted;

	private volatile PipelineState state = PipelineState.STARTING;

	private volatile String error;

	private volatile Instant lastSegment;

	/** What was last reported, so that nothing is reported twice. */
	private PipelineStatus reported;

	/**
	 * Failed attempts since the camera was last live; only the pipeline's thread uses it.
	 */
	private int attempt;

	/** When the camera was lost ({@link System#nanoTime()}), for the reconnect delay. */
	private long lostSince;

	CameraPipeline(String cameraId, SourceResolver resolver, MediaEngine engine, Path liveFolder,
			RecordingFolder recordings, CameraLease lease, PipelineListener listener, BackoffSettings backoff,
			Clock clock) {
		this.cameraId = cameraId;
		this.resolver = resolver;
		this.engine = engine;
		this.liveFolder = liveFolder;
		this.recordings = recordings;
		this.listener = listener;
		this.backoff = backoff;
		this.clock = clock;
		this.lease = lease;
		this.thread = new Thread(this::supervise, "pipeline-" + cameraId.substring(0, Math.min(8, cameraId.length())));
		this.thread.setDaemon(true);
	}

	/** Sets what is wanted; takes effect at the next packet. */
	void want(boolean live, boolean recording) {
		this.liveWanted = live;
		this.recording.want(recording);
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
		this.stop.request(end);
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
	PipelineStatus status() {
		return new PipelineStatus(this.state, this.error, this.attempt, this.recording.state(this.state),
				this.recording.error(this.state, this.error));
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
		return this.recording.openChunk();
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
		return this.stop.requested();
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
		return this.recording.wanted();
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
		this.recording.opened(chunk.startMillis());
		this.listener.chunkOpened(chunk);
		report(this.state, this.error);
	}

	@Override
	public void chunkClosed(RecordedChunk chunk) {
		this.recording.closed(chunk.startMillis());
		this.listener.chunkEnded(chunk);
	}

	@Override
	public void recordingFailed(String reason) {
		this.recording.failed(reason);
		report(this.state, this.error);
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
			while (!this.stop.requested()) {
				try {
					this.engine.run(source, outputs, this);
					// Returns normally only when asked to stop.
				}
				catch (MediaFailure failure) {
					if (this.stop.requested() && !failure.fenced()) {
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
					this.stop.pause(retryDelay());
					if (!this.stop.requested() && !takeLease()) {
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
			this.stop.await();
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
		while (!this.stop.requested()) {
			try {
				if (this.lease.acquire()) {
					return true;
				}
				fenced("another worker (" + this.lease.lostTo().map(CameraLease.Entry::holder).orElse("?")
						+ ") holds the camera's lease");
				return false;
			}
			catch (IOException ex) {
				this.attempt++;
				report(PipelineState.RECONNECTING, "cannot take the camera's lease on the storage (" + ex.getMessage()
						+ "): check that the shared volume is mounted and writable; retrying");
				this.stop.pause(retryDelay());
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
		this.recording.stopped();
		this.stop.await();
	}

	/** Closes and announces what an earlier writer of this camera left open. */
	private void recover() {
		for (RecordedChunk chunk : this.recordings.recover()) {
			this.listener.chunkEnded(chunk);
		}
	}

	private void fail(MediaFailure failure) {
		log.warn("camera {}: {}", this.cameraId, failure.getMessage());
		report(PipelineState.FAILED, failure.getMessage());
		// A person must act (new URL, codec, credentials): that arrives as a new command.
		this.stop.await();
	}

	private void finish() {
		if (this.lease.lost()) {
			this.state = PipelineState.STOPPED;
			return;
		}
		if (this.stop.endPlaylist() && owner()) {
			try {
				HlsFolder.endPlaylist(this.liveFolder);
			}
			catch (IOException ex) {
				log.warn("camera {}: cannot end the playlist in {}: {}", this.cameraId, this.liveFolder,
						ex.getMessage());
			}
		}
		this.recording.stopped();
		this.state = PipelineState.STOPPED;
		try {
			this.lease.release();
		}
		catch (IOException ex) {
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
		PipelineStatus status = status();
		synchronized (this) {
			if (status.equals(this.reported)) {
				return;
			}
			this.reported = status;
		}
		this.listener.statusChanged(status);
	}

}
