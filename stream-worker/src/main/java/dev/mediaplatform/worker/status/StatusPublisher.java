package dev.mediaplatform.worker.status;

import dev.mediaplatform.worker.config.WorkerProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Sends status events, keyed by camera id so each camera's events stay in order. */
@Component
public class StatusPublisher {

	private final KafkaTemplate<String, String> kafka;

	private final JsonMapper json;

	private final String topic;

	StatusPublisher(KafkaTemplate<String, String> kafka, JsonMapper json, WorkerProperties properties) {
		this.kafka = kafka;
		this.json = json;
		this.topic = properties.topics().status();
	}

	public void publish(StatusEvent event) {
		this.kafka.send(this.topic, event.cameraId(), this.json.writeValueAsString(event));
	}

}
