package dev.mediaplatform.worker.pipeline;

import java.util.Collection;
import java.util.List;

import dev.mediaplatform.worker.status.PipelineState;
import dev.mediaplatform.worker.status.RecordingState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The worker's meters of its pipelines: gauges over the pipelines it runs, counters of
 * what they report, and each pipeline's own meters while it runs.
 */
final class PipelineMetrics {

	private final MeterRegistry meters;

	/**
	 * The pipelines the gauges read; held here so that the gauges' weak references last.
	 */
	private final Collection<RunningPipeline> running;

	private final Counter reconnects;

	private final Counter recordingFailures;

	private final Counter recordedBytes;

	private final Counter chunksOpened;

	private final Counter chunksClosed;

	/**
	 * @param meters where the meters are registered
	 * @param running a live view of the pipelines the worker runs
	 */
	PipelineMetrics(MeterRegistry meters, Collection<RunningPipeline> running) {
		this.meters = meters;
		this.running = running;
		Gauge.builder("worker.pipelines.active", this.running, Collection::size)
			.description("Pipelines this worker runs")
			.register(meters);
		Gauge
			.builder("worker.pipelines.live", this.running,
					(all) -> all.stream().filter((r) -> r.pipeline().state() == PipelineState.LIVE).count())
			.description("Pipelines whose camera is live")
			.register(meters);
		Gauge
			.builder("worker.pipelines.recording", this.running,
					(all) -> all.stream().filter((r) -> r.pipeline().openChunkStart() >= 0).count())
			.description("Pipelines writing a recording chunk now")
			.register(meters);
		// Registered at start, at 0, so that a dashboard never asks for a series that
		// does not exist yet; the per-camera meters come and go with their pipelines.
		for (PipelineState state : PipelineState.values()) {
			Gauge
				.builder("worker.pipelines.state", this.running,
						(all) -> all.stream().filter((r) -> r.pipeline().state() == state).count())
				.description("Pipelines of this worker by state")
				.tag("state", state.name())
				.register(meters);
		}
		Gauge.builder("worker.segment.age.max", this.running, PipelineMetrics::oldestSegmentAge)
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

	private static double oldestSegmentAge(Collection<RunningPipeline> all) {
		return all.stream().mapToDouble((r) -> r.pipeline().segmentAge()).filter((age) -> age >= 0).max().orElse(0);
	}

	/** Counts a reconnect or a recording failure when a pipeline enters it. */
	void statusChanged(PipelineStatus before, PipelineStatus status) {
		if (status.state() == PipelineState.RECONNECTING
				&& (before == null || before.state() != PipelineState.RECONNECTING)) {
			this.reconnects.increment();
		}
		if (status.recording() == RecordingState.FAILED
				&& (before == null || before.recording() != RecordingState.FAILED)) {
			this.recordingFailures.increment();
		}
	}

	void chunkOpened() {
		this.chunksOpened.increment();
	}

	void chunkClosed(long bytes) {
		this.chunksClosed.increment();
		this.recordedBytes.increment(bytes);
	}

	/** Registers the pipeline's own meters, tagged with its camera. */
	List<Meter> register(CameraPipeline pipeline) {
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

	/** Removes a pipeline's own meters once it stopped. */
	void remove(List<Meter> pipelineMeters) {
		pipelineMeters.forEach(this.meters::remove);
	}

}
