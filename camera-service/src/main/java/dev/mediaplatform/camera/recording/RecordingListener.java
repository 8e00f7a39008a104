package dev.mediaplatform.camera.recording;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Catalogues the workers' recording announcements. The replicas of camera-service share
 * one consumer group, so each announcement is stored once; a new group starts from the
 * oldest retained announcement, which is safe because storing is idempotent. What cannot
 * be read goes to the dead-letter topic through the shared error handler.
 */
@Component
class RecordingListener {

	private final RecordingService recordings;

	private final JsonMapper json;

	RecordingListener(RecordingService recordings, JsonMapper json) {
		this.recordings = recordings;
		this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	@KafkaListener(topics = "${camera.topics.recordings:camera.recordings}", groupId = "camera-service-recordings",
			properties = "auto.offset.reset=earliest")
	void onRecording(String value) {
		this.recordings.catalogue(this.json.readValue(value, RecordingEvent.class));
	}

}
