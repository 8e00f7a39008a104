package dev.mediaplatform.worker.pipeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.mediaplatform.worker.config.WorkerProperties;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.RecordingFolder;
import dev.mediaplatform.worker.status.PipelineState;
import dev.mediaplatform.worker.status.RecordingState;
import dev.mediaplatform.worker.storage.StorageLayout;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The pipelines this worker runs, one per camera whose desired state wants live HLS or
 * recording. Commands are applied here; a newer generation that changes only what the
 * pipeline can switch while it runs (live, recording, name, retention) keeps the
 * connection to the camera. It owns and drives the pipelines; they report through their
 * own {@link PipelineReports}, never back into it.
 */
@Component
public class Pipelines {

	private static final Logger log = LoggerFactory.getLogger(Pipelines.class);

	static final String HANDING_OVER = "its stream worker is shutting down; another worker takes the camera over"
			+ " (if none runs, start one)";

	private final Map<String, RunningPipeline> running = new ConcurrentHashMap<>();

	/** The latest desired state of every camera this worker owns, running or not. */
	private final Map<String, Desired> owned = new ConcurrentHashMap<>();

	private final MediaEngine engine;

	private final CameraSources sources;

	private final StatusReports statuses;

	private final RecordingAnnouncements announcements;

	private final ChunkRecovery recovery;

	private final CameraFiles files;

	private final PipelineMetrics metrics;

	private final WorkerProperties properties;

	private final StorageLayout layout;

	private final Clock clock;

	private final ObservationRegistry observations;

	/** This worker process as the holder of camera leases: unique across restarts. */
	private final String leaseHolder;

	Pipelines(MediaEngine engine, CameraSources sources, StatusReports statuses, RecordingAnnouncements announcements,
			ChunkRecovery recovery, CameraFiles files, WorkerProperties properties, StorageLayout layout,
			MeterRegistry meters, Clock clock, ObservationRegistry observations) {
		this.engine = engine;
		this.sources = sources;
		this.statuses = statuses;
		this.announcements = announcements;
		this.recovery = recovery;
		this.files = files;
		this.metrics = new PipelineMetrics(meters, this.running.values());
		this.properties = properties;
		this.layout = layout;
		this.clock = clock;
		this.observations = observations;
		this.leaseHolder = properties.id() + "/" + UUID.randomUUID();
	}

	/**
	 * Brings a camera to its desired state.
	 * @param replay whether this is the state rebuilt after an assignment; an idle camera
	 * is then not reported, as nothing changed for it
	 */
	public synchronized void apply(Desired desired, boolean replay) {
		String id = desired.cameraId();
		RunningPipeline current = this.running.get(id);
		if (current != null && desired.generation() < current.reports().generation()) {
			return;
		}
		Desired before = this.owned.put(id, desired);
		if (!desired.running()) {
			if (current != null) {
				current.reports().generation(desired.generation());
				stop(List.of(current), true);
			}
			else {
				if (!replay) {
					this.statuses.publish(id, PipelineStatus.idle(), desired.generation());
				}
				if (before == null) {
					// Taken over idle: close what a crashed owner may have left open.
					this.recovery.recoverIdle(id, lease(id));
				}
			}
			return;
		}
		RunningPipeline.Source source = RunningPipeline.Source.of(desired);
		// A failed pipeline waits for a person; any newer command is that person acting.
		boolean failed = current != null && current.pipeline().state() == PipelineState.FAILED
				&& desired.generation() > current.reports().generation();
		// A pipeline fenced while this worker was paused, and the camera is this
		// worker's again: it takes the lease anew.
		failed |= current != null && current.pipeline().fenced();
		if (current != null && current.source().equals(source) && !failed) {
			current.pipeline().want(desired.streaming(), desired.recording());
			if (desired.generation() != current.reports().generation()) {
				current.reports().generation(desired.generation());
				current.reports().publish(current.pipeline().status());
			}
			return;
		}
		if (current != null) {
			stop(List.of(current), false);
		}
		start(desired, source);
	}

	/** The camera was deleted: stop it and remove its live files and recordings. */
	public synchronized void remove(String cameraId) {
		RunningPipeline current = this.running.get(cameraId);
		if (current != null) {
			stop(List.of(current), false);
		}
		this.owned.remove(cameraId);
		this.files.deleteAll(cameraId);
	}

	/**
	 * Stops cameras whose partitions move to another worker, before they move, so that a
	 * camera never has two writers. Their playlists stay open for the next owner.
	 */
	public synchronized void release(Collection<String> cameraIds) {
		cameraIds.forEach(this.owned::remove);
		stop(cameraIds.stream().map(this.running::get).filter(Objects::nonNull).toList(), false);
	}

	/**
	 * The worker is shutting down (a scale-down, a rolling update): stops everything
	 * without ending the playlists, so that the workers taking the cameras over continue
	 * them and players keep playing, and says so in each camera's status.
	 */
	public synchronized void handOver() {
		List<RunningPipeline> all = new ArrayList<>(this.running.values());
		this.owned.clear();
		stop(all, false);
		for (RunningPipeline entry : all) {
			entry.reports()
				.publish(new PipelineStatus(PipelineState.RECONNECTING, HANDING_OVER, 0,
						entry.pipeline().recordingWanted() ? RecordingState.STARTING : RecordingState.OFF, null));
		}
	}

	public int count() {
		return this.running.size();
	}

	/** The desired state of every camera this worker owns now. */
	public List<Desired> owned() {
		return List.copyOf(this.owned.values());
	}

	/** The chunk a pipeline of this worker is writing for the camera, or -1. */
	public long chunkInProgress(String cameraId) {
		RunningPipeline entry = this.running.get(cameraId);
		return (entry != null) ? entry.pipeline().openChunkStart() : -1;
	}

	private CameraLease lease(String cameraId) {
		return new CameraLease(this.layout.lease(cameraId), this.leaseHolder, this.properties.leaseCheck());
	}

	private void start(Desired desired, RunningPipeline.Source source) {
		String id = desired.cameraId();
		// From the start until the first segment is written (LIVE), or the start fails or
		// is stopped: what a user who started the stream waits for. Its parent is the
		// command's observation, current on the commands consumer's thread when the
		// command was read live, so that the request's trace goes on to the first
		// segment. The pipeline's reports end it.
		Observation starting = Observation.createNotStarted("worker.first.segment", this.observations)
			.contextualName("pipeline start")
			.parentObservation(this.observations.getCurrentObservation())
			.highCardinalityKeyValue("camera", id)
			.lowCardinalityKeyValue("outcome", "unknown")
			.start();
		RecordingFolder folder = new RecordingFolder(this.layout, id);
		PipelineReports reports = new PipelineReports(folder, desired.generation(), starting, this.statuses,
				this.announcements, this.metrics);
		CameraPipeline pipeline = new CameraPipeline(id, this.sources.resolverFor(desired), this.engine,
				this.layout.liveFolder(id), folder, lease(id), reports,
				new BackoffSettings(this.properties.backoffInitial(), this.properties.backoffMax()), this.clock);
		pipeline.want(desired.streaming(), desired.recording());
		this.running.put(id, new RunningPipeline(pipeline, source, reports, this.metrics.register(pipeline)));
		log.info("camera {}: starting (generation {}, live {}, recording {})", id, desired.generation(),
				desired.streaming(), desired.recording());
		pipeline.start();
	}

	private void stop(Collection<RunningPipeline> entries, boolean stoppedByRequest) {
		for (RunningPipeline entry : entries) {
			entry.pipeline().requestStop(stoppedByRequest);
		}
		for (RunningPipeline entry : entries) {
			String id = entry.pipeline().cameraId();
			if (!entry.pipeline().awaitStopped(this.properties.stopTimeout())) {
				log.warn("camera {}: pipeline did not stop within {}", id, this.properties.stopTimeout());
			}
			this.running.remove(id, entry);
			entry.reports().retire();
			this.metrics.remove(entry.meters());
			if (stoppedByRequest) {
				entry.reports().publish(PipelineStatus.idle());
			}
			log.info("camera {}: stopped", id);
		}
	}

}
