package dev.mediaplatform.worker.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import dev.mediaplatform.worker.config.WorkerProperties;
import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import dev.mediaplatform.worker.media.RecordedChunk;
import dev.mediaplatform.worker.media.RecordingFolder;
import dev.mediaplatform.worker.status.PipelineState;
import dev.mediaplatform.worker.status.RecordingState;
import dev.mediaplatform.worker.status.StatusEvent;
import dev.mediaplatform.worker.status.StatusPublisher;
import dev.mediaplatform.worker.storage.StorageLayout;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * The pipelines this worker runs, one per camera whose desired state wants live HLS or
 * recording. Commands are applied here; a newer generation that changes only what the
 * pipeline can switch while it runs (live, recording, name, retention) keeps the
 * connection to the camera.
 */
@Component
public class Pipelines implements CameraPipeline.Reporter {

	private static final Logger log = LoggerFactory.getLogger(Pipelines.class);

	static final String HANDING_OVER = "its stream worker is shutting down; another worker takes the camera over"
			+ " (if none runs, start one)";

	private final Map<String, Running> running = new ConcurrentHashMap<>();

	/** The latest desired state of every camera this worker owns, running or not. */
	private final Map<String, Desired> owned = new ConcurrentHashMap<>();

	private final MediaEngine engine;

	private final StatusPublisher status;

	private final RecordingAnnouncements announcements;

	private final CredentialsKey credentials;

	private final WorkerProperties properties;

	private final StorageLayout layout;

	private final MeterRegistry meters;

	private final Clock clock;

	private final ObservationRegistry observations;

	private final Counter reconnects;

	private final Counter recordingFailures;

	private final Counter recordedBytes;

	private final Counter chunksOpened;

	private final Counter chunksClosed;

	/** This worker process as the holder of camera leases: unique across restarts. */
	private final String leaseHolder;

	Pipelines(MediaEngine engine, StatusPublisher status, RecordingAnnouncements announcements,
			WorkerProperties properties, StorageLayout layout, MeterRegistry meters, Clock clock,
			ObservationRegistry observations) {
		this.engine = engine;
		this.observations = observations;
		this.status = status;
		this.announcements = announcements;
		this.credentials = new CredentialsKey(properties.credentialsKeyFile());
		this.properties = properties;
		this.layout = layout;
		this.meters = meters;
		this.clock = clock;
		this.leaseHolder = properties.id() + "/" + UUID.randomUUID();
		Gauge.builder("worker.pipelines.active", this.running, Map::size)
			.description("Pipelines this worker runs")
			.register(meters);
		Gauge
			.builder("worker.pipelines.live", this.running,
					(all) -> all.values().stream().filter((r) -> r.pipeline.state() == PipelineState.LIVE).count())
			.description("Pipelines whose camera is live")
			.register(meters);
		Gauge
			.builder("worker.pipelines.recording", this.running,
					(all) -> all.values().stream().mapToDouble((r) -> r.pipeline.recordingNow()).sum())
			.description("Pipelines writing a recording chunk now")
			.register(meters);
		// Registered at start, at 0, so that a dashboard never asks for a series that
		// does
		// not exist yet; the per-camera meters come and go with their pipelines.
		for (PipelineState state : PipelineState.values()) {
			Gauge
				.builder("worker.pipelines.state", this.running,
						(all) -> all.values().stream().filter((r) -> r.pipeline.state() == state).count())
				.description("Pipelines of this worker by state")
				.tag("state", state.name())
				.register(meters);
		}
		Gauge.builder("worker.segment.age.max", this.running, Pipelines::oldestSegmentAge)
			.baseUnit("seconds")
			.description("Time since the newest HLS segment of the camera that wrote one longest ago; 0 without one")
			.register(meters);
		this.reconnects = Counter.builder("worker.reconnects")
			.description("Times a camera of this worker was lost or could not be reached and is being reconnected")
			.register(meters);
		this.recordingFailures = Counter.builder("worker.recording.failures")
			.description("Times a wanted recording stopped being written (storage full or unwritable, camera lost)")
			.register(meters);
		this.recordedBytes = Counter.builder("worker.recording.written")
			.baseUnit("bytes")
			.description("Bytes of recording chunks closed by this worker")
			.register(meters);
		this.chunksOpened = Counter.builder("worker.recording.chunks")
			.description("Recording chunks opened and closed by this worker")
			.tag("event", "opened")
			.register(meters);
		this.chunksClosed = Counter.builder("worker.recording.chunks")
			.description("Recording chunks opened and closed by this worker")
			.tag("event", "closed")
			.register(meters);
	}

	private static double oldestSegmentAge(Map<String, Running> all) {
		return all.values()
			.stream()
			.mapToDouble((r) -> r.pipeline.segmentAge())
			.filter((age) -> age >= 0)
			.max()
			.orElse(0);
	}

	/**
	 * Brings a camera to its desired state.
	 * @param replay whether this is the state rebuilt after an assignment; an idle camera
	 * is then not reported, as nothing changed for it
	 */
	public synchronized void apply(Desired desired, boolean replay) {
		String id = desired.cameraId();
		Running current = this.running.get(id);
		if (current != null && desired.generation() < current.generation) {
			return;
		}
		Desired before = this.owned.put(id, desired);
		if (!desired.running()) {
			if (current != null) {
				current.generation = desired.generation();
				stop(List.of(current), true);
			}
			else {
				if (!replay) {
					publish(id, idle(), desired.generation());
				}
				if (before == null) {
					// Taken over idle: close what a crashed owner may have left open.
					recoverIdle(id);
				}
			}
			return;
		}
		Source source = Source.of(desired);
		// A failed pipeline waits for a person; any newer command is that person acting.
		boolean failed = current != null && current.pipeline.state() == PipelineState.FAILED
				&& desired.generation() > current.generation;
		// A pipeline fenced while this worker was paused, and the camera is this
		// worker's again: it takes the lease anew.
		failed |= current != null && current.pipeline.fenced();
		if (current != null && current.source.equals(source) && !failed) {
			current.pipeline.want(desired.streaming(), desired.recording());
			if (desired.generation() != current.generation) {
				current.generation = desired.generation();
				publish(id, current.pipeline.status(), current.generation);
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
		Running current = this.running.get(cameraId);
		if (current != null) {
			stop(List.of(current), false);
		}
		this.owned.remove(cameraId);
		try {
			FileSystemUtils.deleteRecursively(this.layout.liveFolder(cameraId));
			FileSystemUtils.deleteRecursively(this.layout.recordingsFolder(cameraId));
			Files.deleteIfExists(this.layout.lease(cameraId));
		}
		catch (IOException ex) {
			log.warn("camera {}: cannot delete its files: {}", cameraId, ex.getMessage());
		}
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
		List<Running> all = new ArrayList<>(this.running.values());
		this.owned.clear();
		stop(all, false);
		for (Running entry : all) {
			publish(entry.pipeline.cameraId(),
					new CameraPipeline.Status(PipelineState.RECONNECTING, HANDING_OVER, 0,
							entry.pipeline.recordingWanted() ? RecordingState.STARTING : RecordingState.OFF, null),
					entry.generation);
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
		Running entry = this.running.get(cameraId);
		return (entry != null) ? entry.pipeline.openChunkStart() : -1;
	}

	@Override
	public void report(CameraPipeline pipeline, CameraPipeline.Status status) {
		Running entry = this.running.get(pipeline.cameraId());
		if (entry != null && entry.pipeline == pipeline) {
			count(entry, status);
			Observation starting = entry.starting.get();
			if (starting == null) {
				publish(pipeline.cameraId(), status, entry.generation);
				return;
			}
			// The statuses of a start (STARTING, RECONNECTING, LIVE) are sent in its
			// trace.
			try (Observation.Scope scope = starting.openScope()) {
				publish(pipeline.cameraId(), status, entry.generation);
			}
			if (status.state() == PipelineState.LIVE) {
				entry.started("live", null);
			}
			else if (status.state() == PipelineState.FAILED) {
				entry.started("failed", status.error());
			}
		}
	}

	@Override
	public void chunk(CameraPipeline pipeline, RecordedChunk chunk, boolean opened) {
		RecordingFolder folder = new RecordingFolder(this.layout, pipeline.cameraId());
		if (opened) {
			this.chunksOpened.increment();
			this.announcements.opened(folder, chunk);
		}
		else {
			this.chunksClosed.increment();
			this.recordedBytes.increment(chunk.bytes());
			this.announcements.ended(folder, chunk);
		}
	}

	/** Counts a reconnect or a recording failure when a pipeline enters it. */
	private void count(Running entry, CameraPipeline.Status status) {
		CameraPipeline.Status before = entry.reported;
		entry.reported = status;
		if (status.state() == PipelineState.RECONNECTING
				&& (before == null || before.state() != PipelineState.RECONNECTING)) {
			this.reconnects.increment();
		}
		if (status.recording() == RecordingState.FAILED
				&& (before == null || before.recording() != RecordingState.FAILED)) {
			this.recordingFailures.increment();
		}
	}

	private void recoverIdle(String cameraId) {
		RecordingFolder folder = new RecordingFolder(this.layout, cameraId);
		if (!folder.hasOpenChunks()) {
			return;
		}
		// The writer that left them may only be paused: fence it first.
		CameraLease lease = lease(cameraId);
		try {
			if (!lease.acquire()) {
				log.warn("camera {}: another worker holds its lease; its open chunks are left to it", cameraId);
				return;
			}
			for (RecordedChunk chunk : folder.recover()) {
				this.announcements.ended(folder, chunk);
			}
			lease.release();
		}
		catch (IOException ex) {
			log.warn("camera {}: cannot take its lease to close its open chunks: {}", cameraId, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private CameraLease lease(String cameraId) {
		return new CameraLease(this.layout.lease(cameraId), this.leaseHolder, this.properties.leaseCheck());
	}

	private void start(Desired desired, Source source) {
		String id = desired.cameraId();
		CameraPipeline pipeline = new CameraPipeline(id, () -> resolve(desired), this.engine,
				this.layout.liveFolder(id), new RecordingFolder(this.layout, id), lease(id), this,
				new BackoffSettings(this.properties.backoffInitial(), this.properties.backoffMax()), this.clock);
		pipeline.want(desired.streaming(), desired.recording());
		// From the start until the first segment is written (LIVE), or the start fails or
		// is stopped: what a user who started the stream waits for. Its parent is the
		// command's observation, current on the commands consumer's thread when the
		// command was read live, so that the request's trace goes on to the first
		// segment. report() and stop() end it.
		Observation starting = Observation.createNotStarted("worker.first.segment", this.observations)
			.contextualName("pipeline start")
			.parentObservation(this.observations.getCurrentObservation())
			.highCardinalityKeyValue("camera", id)
			.lowCardinalityKeyValue("outcome", "unknown")
			.start();
		Running entry = new Running(pipeline, source, desired.generation(), meters(pipeline), starting);
		this.running.put(id, entry);
		log.info("camera {}: starting (generation {}, live {}, recording {})", id, desired.generation(),
				desired.streaming(), desired.recording());
		pipeline.start();
	}

	private void stop(Collection<Running> entries, boolean stoppedByRequest) {
		for (Running entry : entries) {
			entry.pipeline.requestStop(stoppedByRequest);
		}
		for (Running entry : entries) {
			if (!entry.pipeline.awaitStopped(this.properties.stopTimeout())) {
				log.warn("camera {}: pipeline did not stop within {}", entry.pipeline.cameraId(),
						this.properties.stopTimeout());
			}
			this.running.remove(entry.pipeline.cameraId(), entry);
			entry.started("stopped", null);
			entry.meters.forEach(this.meters::remove);
			if (stoppedByRequest) {
				publish(entry.pipeline.cameraId(), idle(), entry.generation);
			}
			log.info("camera {}: stopped", entry.pipeline.cameraId());
		}
	}

	private LiveSource resolve(Desired desired) throws MediaFailure {
		String userInfo = null;
		if (desired.credentials() != null) {
			try {
				userInfo = this.credentials.open(desired.cameraId(), desired.credentials());
			}
			catch (IllegalStateException ex) {
				throw MediaFailure.invalidSource(ex.getMessage());
			}
		}
		return LiveSource.of(desired.cameraId(), desired.sourceUrl(), userInfo, desired.transport());
	}

	private List<Meter> meters(CameraPipeline pipeline) {
		String camera = pipeline.cameraId();
		return List.of(
				FunctionCounter.builder("worker.pipeline.input", pipeline, CameraPipeline::inputBytes)
					.baseUnit("bytes")
					.description("Bytes read from the camera")
					.tag("camera", camera)
					.register(this.meters),
				FunctionCounter.builder("worker.pipeline.reconnects", pipeline, CameraPipeline::reconnects)
					.description("Reconnects after the camera was lost or could not be reached")
					.tag("camera", camera)
					.register(this.meters),
				Gauge.builder("worker.pipeline.segment.age", pipeline, CameraPipeline::segmentAge)
					.baseUnit("seconds")
					.description("Time since the last HLS segment was written; -1 before the first")
					.tag("camera", camera)
					.register(this.meters));
	}

	private static CameraPipeline.Status idle() {
		return new CameraPipeline.Status(PipelineState.STOPPED, null, 0, RecordingState.OFF, null);
	}

	private void publish(String cameraId, CameraPipeline.Status state, long generation) {
		Instant now = this.clock.instant();
		this.status.publish(new StatusEvent(cameraId, state.state(), state.recording() == RecordingState.ON,
				this.properties.id(), now, state.error(), this.layout.livePlaylist(cameraId), generation,
				state.attempt(), state.recording(), state.recordingError()));
	}

	/** Why a pipeline's start failed, as its observation records it. */
	private static final class StartFailed extends RuntimeException {

		StartFailed(String reason) {
			super(reason, null, false, false);
		}

	}

	/** What the pipeline's connection depends on; a change restarts it. */
	private record Source(String url, String credentials, String transport) {

		static Source of(Desired desired) {
			return new Source(desired.sourceUrl(), desired.credentials(),
					(desired.transport() != null) ? desired.transport() : "tcp");
		}

	}

	private static final class Running {

		final CameraPipeline pipeline;

		final Source source;

		final List<Meter> meters;

		volatile long generation;

		/** The status this pipeline reported last. */
		volatile CameraPipeline.Status reported;

		/** The pipeline's start, until its first segment; then {@code null}. */
		final AtomicReference<Observation> starting;

		Running(CameraPipeline pipeline, Source source, long generation, List<Meter> meters, Observation starting) {
			this.pipeline = pipeline;
			this.source = source;
			this.generation = generation;
			this.meters = meters;
			this.starting = new AtomicReference<>(starting);
		}

		/**
		 * Ends the start's observation, once: the pipeline's thread (LIVE, FAILED) and a
		 * stop may both try.
		 */
		void started(String outcome, String error) {
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

	}

}
