package dev.mediaplatform.worker.status;

import java.util.concurrent.CompletableFuture;

import dev.mediaplatform.worker.config.WorkerProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * What the worker tells camera-service: status events and recording announcements, each
 * keyed by camera id so that a camera's stay in order.
 */
@Component
public class StatusPublisher {

	private final KafkaTemplate<String, String> kafka;

	private final JsonMapper json;

	private final WorkerProperties.Topics topics;

	StatusPublisher(KafkaTemplate<String, String> kafka, JsonMapper json, WorkerProperties properties) {
		this.kafka = kafka;
		this.json = json;
		this.topics = properties.topics();
	}

	public void publish(StatusEvent event) {
		this.kafka.send(this.topics.status(), event.cameraId(), this.json.writeValueAsString(event));
	}

	/** Completes once the broker has the announcement. */
	public CompletableFuture<?> announce(RecordingEvent event) {
		return this.kafka.send(this.topics.recordings(), event.cameraId(), this.json.writeValueAsString(event));
	}

}
