package dev.mediaplatform.worker.retention;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.mediaplatform.worker.config.WorkerProperties;
import dev.mediaplatform.worker.media.RecordingFolder;
import dev.mediaplatform.worker.pipeline.Desired;
import dev.mediaplatform.worker.pipeline.Pipelines;
import dev.mediaplatform.worker.pipeline.RecordingAnnouncements;
import dev.mediaplatform.worker.status.RecordingEvent;
import dev.mediaplatform.worker.storage.StorageLayout;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps recordings within their retention, on the worker that owns each camera (so every
 * camera has one janitor): chunks older than the camera's maximum age go, then the oldest
 * until the camera is within its size quota, then, while the storage has less free space
 * than its floor, the oldest of all this worker's cameras. Never the chunk being written.
 * Each deletion is announced (the catalogue drops it) and counted.
 */
@Component
class RetentionJanitor {

	private static final Logger log = LoggerFactory.getLogger(RetentionJanitor.class);

	/** The longest GOP a chunk may run over its length by, waiting for a keyframe. */
	private static final long MAX_GOP_MILLIS = 10_000;

	private final Pipelines pipelines;

	private final RecordingAnnouncements announcements;

	private final StorageLayout layout;

	private final WorkerProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	private final Counter runs;

	RetentionJanitor(Pipelines pipelines, RecordingAnnouncements announcements, StorageLayout layout,
			WorkerProperties properties, MeterRegistry meters, Clock clock) {
		this.pipelines = pipelines;
		this.announcements = announcements;
		this.layout = layout;
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
		for (RecordingEvent.Reason reason : List.of(RecordingEvent.Reason.RETENTION_AGE,
				RecordingEvent.Reason.RETENTION_SIZE, RecordingEvent.Reason.DISK_FLOOR)) {
			counter(reason);
			deletedBytes(reason);
		}
		this.runs = Counter.builder("worker.retention.runs")
			.description("Retention passes over this worker's cameras")
			.register(meters);
		Gauge.builder("worker.storage.free", this, RetentionJanitor::freeBytes)
			.baseUnit("bytes")
			.description("Usable space left on the shared storage's recordings folder; NaN while it cannot be read")
			.register(meters);
		Gauge.builder("worker.storage.floor", () -> properties.recording().freeSpaceFloor().toBytes())
			.baseUnit("bytes")
			.description("Free space below which the oldest recordings are deleted (RECORDING_FREE_SPACE_FLOOR)")
			.register(meters);
	}

	private double freeBytes() {
		try {
			return Files.getFileStore(Files.createDirectories(this.layout.recordingsRoot())).getUsableSpace();
		}
		catch (IOException ex) {
			return Double.NaN;
		}
	}

	@Scheduled(initialDelayString = "${worker.recording.retention-interval:60s}",
			fixedDelayString = "${worker.recording.retention-interval:60s}")
	void enforce() {
		this.runs.increment();
		List<Candidate> oldest = new ArrayList<>();
		for (Desired camera : this.pipelines.owned()) {
			try {
				oldest.addAll(enforce(camera));
			}
			catch (IOException | RuntimeException ex) {
				log.warn("camera {}: cannot apply its retention: {}", camera.cameraId(), ex.getMessage());
			}
		}
		keepFloor(oldest);
	}

	/**
	 * Applies one camera's age and size limits.
	 * @return the chunks that remain, for the free-space floor
	 */
	List<Candidate> enforce(Desired camera) throws IOException {
		String id = camera.cameraId();
		RecordingFolder folder = new RecordingFolder(this.layout, id);
		List<RecordingFolder.Stored> stored = new ArrayList<>(folder.stored());
		long writing = this.pipelines.chunkInProgress(id);
		stored.removeIf((chunk) -> chunk.startMillis() == writing);
		Desired.Retention retention = (camera.retention() != null) ? camera.retention() : Desired.Retention.UNLIMITED;
		if (retention.maxAgeDays() != null) {
			long cutoff = this.clock.millis() - Duration.ofDays(retention.maxAgeDays()).toMillis();
			// A chunk goes once all of it is older: it ends where the next one starts, or
			// at the latest a chunk's length (and a long GOP) after its own start.
			long longest = Math.round(this.properties.recording().chunkSeconds() * 1000) + MAX_GOP_MILLIS;
			while (!stored.isEmpty()) {
				long start = stored.get(0).startMillis();
				long end = start + longest;
				if (stored.size() > 1) {
					end = Math.min(end, stored.get(1).startMillis());
				}
				if (end > cutoff) {
					break;
				}
				delete(folder, stored.remove(0), RecordingEvent.Reason.RETENTION_AGE);
			}
		}
		if (retention.maxBytes() != null) {
			long used = stored.stream().mapToLong(RecordingFolder.Stored::bytes).sum();
			while (used > retention.maxBytes() && !stored.isEmpty()) {
				RecordingFolder.Stored chunk = stored.remove(0);
				delete(folder, chunk, RecordingEvent.Reason.RETENTION_SIZE);
				used -= chunk.bytes();
			}
		}
		return stored.stream().map((chunk) -> new Candidate(folder, chunk)).toList();
	}

	private void keepFloor(List<Candidate> chunks) {
		long floor = this.properties.recording().freeSpaceFloor().toBytes();
		if (floor <= 0 || chunks.isEmpty()) {
			return;
		}
		try {
			Files.createDirectories(this.layout.recordingsRoot());
			FileStore store = Files.getFileStore(this.layout.recordingsRoot());
			long free = store.getUsableSpace();
			if (free >= floor) {
				return;
			}
			List<Candidate> oldestFirst = new ArrayList<>(chunks);
			oldestFirst.sort(Comparator.comparingLong((Candidate c) -> c.chunk().startMillis()));
			log.warn("The storage has {} MB free, below its floor of {} MB: deleting the oldest recordings", free >> 20,
					floor >> 20);
			for (Candidate candidate : oldestFirst) {
				if (free >= floor) {
					break;
				}
				delete(candidate.folder(), candidate.chunk(), RecordingEvent.Reason.DISK_FLOOR);
				free = store.getUsableSpace();
			}
		}
		catch (IOException ex) {
			log.warn("Cannot read the free space of {}: {}", this.layout.recordingsRoot(), ex.getMessage());
		}
	}

	private void delete(RecordingFolder folder, RecordingFolder.Stored chunk, RecordingEvent.Reason reason)
			throws IOException {
		if (folder.delete(chunk.startMillis())) {
			counter(reason).increment();
			deletedBytes(reason).increment(chunk.bytes());
			log.debug("camera {}: chunk {} deleted ({})", folder.cameraId(), chunk.startMillis(), reason.label());
		}
		this.announcements.deleted(folder.cameraId(), chunk.startMillis(), reason);
	}

	private Counter counter(RecordingEvent.Reason reason) {
		return Counter.builder("worker.recordings.deleted")
			.description("Recording chunks deleted, by reason")
			.tag("reason", reason.label())
			.register(this.meters);
	}

	private Counter deletedBytes(RecordingEvent.Reason reason) {
		return Counter.builder("worker.recordings.deleted.bytes")
			.baseUnit("bytes")
			.description("Bytes of recording chunks deleted by retention, by reason")
			.tag("reason", reason.label())
			.register(this.meters);
	}

	record Candidate(RecordingFolder folder, RecordingFolder.Stored chunk) {
	}

}
