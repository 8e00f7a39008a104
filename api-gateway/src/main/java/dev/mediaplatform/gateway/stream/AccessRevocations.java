package dev.mediaplatform.gateway.stream;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Ends at once what {@link CameraAccess} remembers of users who lost a camera (a share
 * removed, a camera deleted), on every gateway replica: camera-service relays each camera
 * change on {@code camera.events}, naming the users who lost the camera, after the change
 * is stored, and each gateway reads it from its end in a consumer group of its own. The
 * next request of such a user asks camera-service again. When Kafka is away the
 * remembered answer ends by itself within its few seconds.
 */
@Component
class AccessRevocations {

	private static final Logger log = LoggerFactory.getLogger(AccessRevocations.class);

	private final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final CameraAccess access;

	AccessRevocations(CameraAccess access) {
		this.access = access;
	}

	/** The value on {@code camera.events} (camera-service's CameraEvent). */
	record CameraEvent(String cameraId, List<String> removedUserIds) {
	}

	@KafkaListener(topics = "${gateway.revocations.camera-events-topic}",
			groupId = "api-gateway-cameras-#{T(java.util.UUID).randomUUID()}", properties = "auto.offset.reset=latest")
	void onCameraChanged(ConsumerRecord<String, String> record) {
		CameraEvent event = read(record.value());
		if (event == null || event.cameraId() == null) {
			log.warn("Skipped record {} of {}-{}: it is no camera change", record.offset(), record.topic(),
					record.partition());
			return;
		}
		if (event.removedUserIds() != null) {
			event.removedUserIds().forEach((userId) -> this.access.forget(userId, event.cameraId()));
		}
	}

	private CameraEvent read(String value) {
		if (value == null) {
			return null;
		}
		try {
			return this.json.readValue(value, CameraEvent.class);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
