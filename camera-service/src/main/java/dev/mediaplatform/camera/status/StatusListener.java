package dev.mediaplatform.camera.status;

import dev.mediaplatform.camera.camera.Camera;
import dev.mediaplatform.camera.camera.RecordingState;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Stores the workers' reports. Every instance reads every report (a consumer group of its
 * own, from the start of the retained log) so that each can push them to its own
 * Socket.IO clients; storing is idempotent by generation.
 */
@Component
class StatusListener {

	private final StatusRecorder recorder;

	private final JsonMapper json;

	StatusListener(StatusRecorder recorder, JsonMapper json) {
		this.recorder = recorder;
		this.json = json.rebuild()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.build();
	}

	@KafkaListener(topics = "${camera.topics.status:camera.status}",
			groupId = "camera-service-#{T(java.util.UUID).randomUUID()}", properties = "auto.offset.reset=earliest")
	void onStatus(String value) {
		CameraStatusEvent event = this.json.readValue(value, CameraStatusEvent.class);
		this.recorder.observe(event.cameraId(),
				new Camera.Status(event.state(), event.workerId(), event.at(), event.error(), event.recording(),
						event.generation(), RecordingState.reported(event.recordingState(), event.recording()),
						event.recordingError()));
	}

}
