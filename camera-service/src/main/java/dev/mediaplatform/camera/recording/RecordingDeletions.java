package dev.mediaplatform.camera.recording;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.mediaplatform.camera.config.CameraProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells the workers to delete a recording's file, keyed by camera id: any worker may do
 * it (the storage is shared), and announces {@code DELETED} once the file is gone.
 */
@Component
class RecordingDeletions {

	/** The message on the deletions topic. */
	record RecordingDeletion(String cameraId, long startMillis) {
	}

	private final KafkaTemplate<String, String> kafka;

	private final JsonMapper json;

	private final String topic;

	RecordingDeletions(KafkaTemplate<String, String> kafka, JsonMapper json, CameraProperties properties) {
		this.kafka = kafka;
		this.json = json;
		this.topic = properties.topics().recordingDeletions();
	}

	/**
	 * Returns once Kafka acknowledged; throws {@link RecordingDeletionUnavailable} when
	 * it did not.
	 */
	void publish(String cameraId, long startMillis) {
		try {
			this.kafka
				.send(this.topic, cameraId, this.json.writeValueAsString(new RecordingDeletion(cameraId, startMillis)))
				.get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw RecordingDeletionUnavailable.because(ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			throw RecordingDeletionUnavailable.because(ex);
		}
	}

}
