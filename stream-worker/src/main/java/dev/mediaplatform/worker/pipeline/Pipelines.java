package dev.mediaplatform.worker.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.mediaplatform.worker.command.CameraCommand;
import dev.mediaplatform.worker.command.CredentialsKey;
import dev.mediaplatform.worker.config.WorkerProperties;
import dev.mediaplatform.worker.media.HlsFolder;
import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import dev.mediaplatform.worker.status.StatusEvent;
import dev.mediaplatform.worker.status.StatusPublisher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * The pipelines this worker runs, one per camera whose desired state says streaming.
 * Commands are applied here; a newer generation that changes only what the pipeline does
 * not depend on (name, recording) keeps it running.
 */
@Component
public class Pipelines implements CameraPipeline.Reporter {

	private static final Logger log = LoggerFactory.getLogger(Pipelines.class);

	private final Map<String, Running> running = new ConcurrentHashMap<>();

	private final MediaEngine engine;

	private final StatusPublisher status;

	private final CredentialsKey credentials;

	private final WorkerProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	Pipelines(MediaEngine engine, StatusPublisher status, WorkerProperties properties, MeterRegistry meters,
			Clock clock) {
		this.engine = engine;
		this.status = status;
		this.credentials = new CredentialsKey(properties.credentialsKeyFile());
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
		Gauge.builder("worker.pipelines.active", this.running, Map::size)
			.description("Pipelines this worker runs")
			.register(meters);
		Gauge
			.builder("worker.pipelines.live", this.running,
					(all) -> all.values().stream().filter((r) -> "LIVE".equals(r.pipeline.state())).count())
			.description("Pipelines whose camera is live")
			.register(meters);
	}

	/**
	 * Brings a camera to its desired state.
	 * @param replay whether this is the state rebuilt after an assignment; an idle camera
	 * is then not reported, as nothing changed for it
	 */
	public synchronized void apply(CameraCommand command, boolean replay) {
		String id = command.cameraId();
		Running current = this.running.get(id);
		if (current != null && command.generation() < current.generation) {
			return;
		}
		if (!command.streaming()) {
			if (current != null) {
				current.generation = command.generation();
				stop(List.of(current), true);
			}
			else if (!replay) {
				publish(id, "STOPPED", null, command.generation(), 0);
			}
			return;
		}
		Source source = Source.of(command);
		// A failed pipeline waits for a person; any newer command is that person acting.
		boolean failed = current != null && "FAILED".equals(current.pipeline.state())
				&& command.generation() > current.generation;
		if (current != null && current.source.equals(source) && !failed) {
			if (command.generation() != current.generation) {
				current.generation = command.generation();
				publish(id, current.pipeline.state(), null, current.generation, 0);
			}
			return;
		}
		if (current != null) {
			stop(List.of(current), false);
		}
		start(command, source);
	}

	/** The camera was deleted: stop it and remove its live files. */
	public synchronized void remove(String cameraId) {
		Running current = this.running.get(cameraId);
		if (current != null) {
			stop(List.of(current), false);
		}
		try {
			FileSystemUtils.deleteRecursively(liveFolder(cameraId));
		}
		catch (IOException ex) {
			log.warn("camera {}: cannot delete its live folder: {}", cameraId, ex.getMessage());
		}
	}

	/**
	 * Stops cameras whose partitions move to another worker, before they move, so that a
	 * camera never has two writers. Their playlists stay open for the next owner.
	 */
	public synchronized void release(Collection<String> cameraIds) {
		stop(cameraIds.stream().map(this.running::get).filter(Objects::nonNull).toList(), false);
	}

	/** Stops everything and ends the playlists: the worker is shutting down. */
	public synchronized void stopAll() {
		stop(new ArrayList<>(this.running.values()), true);
	}

	public int count() {
		return this.running.size();
	}

	@Override
	public void report(CameraPipeline pipeline, String state, String error, int attempt) {
		Running entry = this.running.get(pipeline.cameraId());
		if (entry != null && entry.pipeline == pipeline) {
			publish(pipeline.cameraId(), state, error, entry.generation, attempt);
		}
	}

	private void start(CameraCommand command, Source source) {
		String id = command.cameraId();
		CameraPipeline pipeline = new CameraPipeline(id, () -> resolve(command), this.engine,
				new HlsFolder(liveFolder(id)), this, this.properties.backoff(), this.clock);
		Running entry = new Running(pipeline, source, command.generation(), meters(pipeline));
		this.running.put(id, entry);
		log.info("camera {}: starting (generation {})", id, command.generation());
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
			entry.meters.forEach(this.meters::remove);
			if (stoppedByRequest) {
				publish(entry.pipeline.cameraId(), "STOPPED", null, entry.generation, 0);
			}
			log.info("camera {}: stopped", entry.pipeline.cameraId());
		}
	}

	private LiveSource resolve(CameraCommand command) throws MediaFailure {
		String userInfo = null;
		if (command.credentials() != null) {
			try {
				userInfo = this.credentials.open(command.cameraId(), command.credentials());
			}
			catch (IllegalStateException ex) {
				throw MediaFailure.invalidSource(ex.getMessage());
			}
		}
		return LiveSource.of(command.cameraId(), command.sourceUrl(), userInfo, command.transport());
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

	private Path liveFolder(String cameraId) {
		return this.properties.storageDir().resolve("live").resolve(cameraId);
	}

	private void publish(String cameraId, String state, String error, long generation, int attempt) {
		this.status.publish(new StatusEvent(cameraId, state, false, this.properties.id(), this.clock.instant(), error,
				"live/" + cameraId + "/index.m3u8", generation, attempt));
	}

	/** What the pipeline depends on; a change restarts it. */
	private record Source(String url, String credentials, String transport) {

		static Source of(CameraCommand command) {
			return new Source(command.sourceUrl(), command.credentials(),
					(command.transport() != null) ? command.transport() : "tcp");
		}

	}

	private static final class Running {

		final CameraPipeline pipeline;

		final Source source;

		final List<Meter> meters;

		volatile long generation;

		Running(CameraPipeline pipeline, Source source, long generation, List<Meter> meters) {
			this.pipeline = pipeline;
			this.source = source;
			this.generation = generation;
			this.meters = meters;
		}

	}

}
