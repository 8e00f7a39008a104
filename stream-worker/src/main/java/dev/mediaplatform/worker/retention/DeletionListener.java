package dev.mediaplatform.worker.retention;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.mediaplatform.worker.media.RecordingFolder;
import dev.mediaplatform.worker.pipeline.RecordingAnnouncements;
import dev.mediaplatform.worker.status.RecordingEvent;
import dev.mediaplatform.worker.storage.StorageLayout;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Removes the files of recordings a user deleted. camera-service has already dropped them
 * from the catalogue; any worker may remove them (the storage is shared), so the workers
 * share these messages in a group of their own. A message that is not a deletion goes to
 * the dead-letter topic.
 */
@Component
class DeletionListener {

	private final StorageLayout layout;

	private final RecordingAnnouncements announcements;

	private final JsonMapper json;

	private final Counter deleted;

	DeletionListener(StorageLayout layout, RecordingAnnouncements announcements, JsonMapper json,
			MeterRegistry meters) {
		this.layout = layout;
		this.announcements = announcements;
		this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.deleted = Counter.builder("worker.recordings.deleted")
			.description("Recording chunks deleted, by reason")
			.tag("reason", RecordingEvent.Reason.USER.label())
			.register(meters);
	}

	/** What camera-service sends when a user deletes a recording. */
	record Deletion(String cameraId, Long startMillis) {
	}

	@KafkaListener(topics = "${worker.topics.recording-deletions:camera.recording-deletions}",
			groupId = "${worker.topics.group:stream-worker}-deletions")
	void onDeletion(String value) {
		Deletion deletion = this.json.readValue(value, Deletion.class);
		if (!StorageLayout.isCameraId(deletion.cameraId()) || deletion.startMillis() == null
				|| deletion.startMillis() < 0) {
			throw new IllegalArgumentException("not a recording deletion: it needs a camera id and a startMillis");
		}
		RecordingFolder folder = new RecordingFolder(this.layout, deletion.cameraId());
		if (folder.isOpen(deletion.startMillis())) {
			// Being written, or left by a crash and not yet recovered: its owner
			// announces it.
			return;
		}
		try {
			if (folder.delete(deletion.startMillis())) {
				this.deleted.increment();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot delete the recording: " + ex.getMessage(), ex);
		}
		this.announcements.deleted(deletion.cameraId(), deletion.startMillis(), RecordingEvent.Reason.USER);
	}

}
