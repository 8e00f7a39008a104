package dev.mediaplatform.camera.realtime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.mediaplatform.camera.camera.CameraIds;
import dev.mediaplatform.camera.camera.CameraChanged;
import dev.mediaplatform.camera.config.CameraProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Makes a camera change reach the Socket.IO clients of every camera-service replica: a
 * change is pushed at once to this replica's clients and relayed on the events topic,
 * which every replica reads from its end in a consumer group of its own and pushes to its
 * clients, skipping what it relayed itself. A change whose relay fails still reaches this
 * replica's clients, and the clients of the others reload their cameras when they next
 * reconnect.
 */
@Component
class CameraEventRelay {

	private static final Logger log = LoggerFactory.getLogger(CameraEventRelay.class);

	/** The header naming the replica that relayed a change. */
	static final String ORIGIN = "origin";

	private final String origin = UUID.randomUUID().toString();

	private final SocketIoServer socketIo;

	private final KafkaTemplate<String, String> kafka;

	private final JsonMapper json;

	private final String topic;

	CameraEventRelay(SocketIoServer socketIo, KafkaTemplate<String, String> kafka, JsonMapper json,
			CameraProperties properties) {
		this.socketIo = socketIo;
		this.kafka = kafka;
		this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.topic = properties.topics().events();
	}

	/** What goes on the events topic, keyed by camera id. */
	record CameraEvent(String cameraId, List<String> removedUserIds) {
	}

	@EventListener
	void onCameraChanged(CameraChanged change) {
		this.socketIo.push(change);
		ProducerRecord<String, String> record = new ProducerRecord<>(this.topic, change.cameraId(),
				this.json.writeValueAsString(new CameraEvent(change.cameraId(), change.removedUserIds())));
		record.headers().add(ORIGIN, this.origin.getBytes(StandardCharsets.UTF_8));
		this.kafka.send(record).orTimeout(10, TimeUnit.SECONDS).whenComplete((sent, ex) -> {
			if (ex != null) {
				log.warn(
						"Camera {} changed, but the other replicas' clients will hear of it only when they reconnect: "
								+ "the change could not be relayed on {} ({})",
						change.cameraId(), this.topic, ex.toString());
			}
		});
	}

	/**
	 * A change relayed by any replica. What cannot be read fails, so that the error
	 * handler sends it to the dead-letter topic with the reason.
	 */
	@KafkaListener(topics = "${camera.topics.events:camera.events}",
			groupId = "camera-service-events-#{T(java.util.UUID).randomUUID()}",
			properties = "auto.offset.reset=latest")
	void onRelayed(ConsumerRecord<String, String> record) {
		Header origin = record.headers().lastHeader(ORIGIN);
		if (origin != null && this.origin.equals(new String(origin.value(), StandardCharsets.UTF_8))) {
			return;
		}
		if (record.value() == null) {
			throw new IllegalArgumentException("a camera event without a value");
		}
		CameraEvent event = this.json.readValue(record.value(), CameraEvent.class);
		if (!CameraIds.isCameraId(event.cameraId()) || !event.cameraId().equals(record.key())) {
			throw new IllegalArgumentException("a camera event whose cameraId is not its key's camera id");
		}
		List<String> removed = (event.removedUserIds() != null) ? event.removedUserIds() : List.of();
		this.socketIo.push(new CameraChanged(event.cameraId(), removed));
	}

}
