package dev.mediaplatform.camera.command;

import java.util.concurrent.TimeUnit;

import dev.mediaplatform.camera.camera.Camera;
import dev.mediaplatform.camera.config.CameraProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a camera's desired state (or, once deleted, its tombstone) keyed by camera
 * id, so that all commands of one camera are ordered. Waits for the broker's
 * acknowledgement: the caller records the generation as published only then.
 */
@Component
class CommandPublisher {

	private static final Logger log = LoggerFactory.getLogger(CommandPublisher.class);

	private final KafkaTemplate<String, String> kafka;

	private final JsonMapper json;

	private final String topic;

	CommandPublisher(KafkaTemplate<String, String> kafka, JsonMapper json, CameraProperties properties) {
		this.kafka = kafka;
		this.json = json;
		this.topic = properties.topics().commands();
	}

	/**
	 * Returns whether Kafka acknowledged; a failure is logged and left to the reconciler.
	 */
	boolean publish(Camera camera) {
		String value = camera.isDeleted() ? null
				: this.json
					.writeValueAsString(new CameraCommand(camera.getId(), camera.getGeneration(), camera.getSourceUrl(),
							camera.getEncryptedCredentials(), camera.getTransport(), camera.isStreaming(),
							camera.isRecording(), camera.getRetentionMaxAgeDays(), camera.getRetentionMaxBytes()));
		try {
			this.kafka.send(this.topic, camera.getId(), value).get(10, TimeUnit.SECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (Exception ex) {
			log.warn("Could not publish generation {} of camera {} ({}); the reconciler will retry",
					camera.getGeneration(), camera.getId(), ex.toString());
			return false;
		}
	}

}
