package dev.mediaplatform.worker.pipeline;

import java.util.concurrent.atomic.AtomicReference;

import dev.mediaplatform.worker.media.RecordedChunk;
import dev.mediaplatform.worker.media.RecordingFolder;
import dev.mediaplatform.worker.status.PipelineState;
import io.micrometer.observation.Observation;

/**
 * Where one running pipeline's reports go: its statuses to the status topic with the
 * generation it acts on (the statuses of its start in the start's trace), its chunks to
 * the recordings topic, and both to the worker's meters. Once the pipeline is retired
 * (stopped, or replaced by a new one for the camera) its statuses are dropped: they would
 * contradict what the worker said since.
 */
final class PipelineReports implements PipelineListener {

	private final String cameraId;

	private final RecordingFolder folder;

	private final StatusReports statuses;

	private final RecordingAnnouncements announcements;

	private final PipelineMetrics metrics;

	/** The pipeline's start, until its first segment; then {@code null}. */
	private final AtomicReference<Observation> starting;

	private volatile long generation;

	/** The status this pipeline reported last. */
	private volatile PipelineStatus reported;

	private volatile boolean retired;

	PipelineReports(RecordingFolder folder, long generation, Observation starting, StatusReports statuses,
			RecordingAnnouncements announcements, PipelineMetrics metrics) {
		this.cameraId = folder.cameraId();
		this.folder = folder;
		this.generation = generation;
		this.starting = new AtomicReference<>(starting);
		this.statuses = statuses;
		this.announcements = announcements;
		this.metrics = metrics;
	}

	long generation() {
		return this.generation;
	}

	/** The desired state moved on to {@code generation}; later statuses carry it. */
	void generation(long generation) {
		this.generation = generation;
	}

	/** Sends a status the worker says of the pipeline itself (not the pipeline's own). */
	void publish(PipelineStatus status) {
		this.statuses.publish(this.cameraId, status, this.generation);
	}

	/** The pipeline stopped: ends its start, and drops what it may still report. */
	void retire() {
		this.retired = true;
		started("stopped", null);
	}

	@Override
	public void statusChanged(PipelineStatus status) {
		if (this.retired) {
			return;
		}
		this.metrics.statusChanged(this.reported, status);
		this.reported = status;
		Observation start = this.starting.get();
		if (start == null) {
			publish(status);
			return;
		}
		// The statuses of a start (STARTING, RECONNECTING, LIVE) are sent in its trace.
		try (Observation.Scope scope = start.openScope()) {
			publish(status);
		}
		if (status.state() == PipelineState.LIVE) {
			started("live", null);
		}
		else if (status.state() == PipelineState.FAILED) {
			started("failed", status.error());
		}
	}

	@Override
	public void chunkOpened(RecordedChunk chunk) {
		this.metrics.chunkOpened();
		this.announcements.opened(this.folder, chunk);
	}

	@Override
	public void chunkEnded(RecordedChunk chunk) {
		this.metrics.chunkClosed(chunk.bytes());
		this.announcements.ended(this.folder, chunk);
	}

	/**
	 * Ends the start's observation, once: the pipeline's thread (LIVE, FAILED) and a stop
	 * may both try.
	 */
	private void started(String outcome, String error) {
		Observation observation = this.starting.getAndSet(null);
		if (observation == null) {
			return;
		}
		observation.lowCardinalityKeyValue("outcome", outcome);
		if (error != null) {
			observation.error(new StartFailed(error));
		}
		observation.stop();
	}

	/** Why a pipeline's start failed, as its observation records it. */
	private static final class StartFailed extends RuntimeException {

		StartFailed(String reason) {
			super(reason, null, false, false);
		}

	}

}
