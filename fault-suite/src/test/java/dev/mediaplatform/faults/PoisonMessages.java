package dev.mediaplatform.faults;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Poison on every topic: unreadable JSON, wrong types and unknown fields, a key that is
 * not a camera id, and a tombstone for a camera nobody knows. Each readable-looking but
 * wrong record must reach the topic's dead-letter topic, and the platform must go on: a
 * stream started afterwards plays.
 */
final class PoisonMessages {

	private static final List<String> TOPICS = List.of("camera.commands", "camera.status", "camera.recordings",
			"camera.recording-deletions", "camera.events", "account.deletions");

	/** Of the four records sent to each topic, those that must be dead-lettered. */
	private static final int MUST_BE_DEAD_LETTERED = 3;

	private final FaultPlatform platform;

	private final String bootstrap;

	private final String marker = "poison-" + UUID.randomUUID();

	PoisonMessages(FaultPlatform platform) {
		this.platform = platform;
		this.bootstrap = "localhost:" + platform.stack().settings().ports().kafka();
	}

	/**
	 * @param camera a camera that plays, which is stopped and started again after the
	 * poison
	 */
	FaultTable.Row run(String camera) throws InterruptedException {
		long started = System.nanoTime();
		send();
		Map<String, Integer> deadLettered = new LinkedHashMap<>();
		TOPICS.forEach((topic) -> deadLettered.put(topic, 0));
		long recoveredAt = awaitDeadLetters(deadLettered, started);
		System.out.println("fault-suite: poison dead-lettered per topic (3 sent that must be): " + deadLettered);
		// The consumers went on: a stream started now plays.
		String before = this.platform.files(camera).playingRun();
		this.platform.post("/stopStream", Map.of("cameraId", camera));
		this.platform.post("/startStream", Map.of("cameraId", camera));
		boolean goesOn = this.platform.awaitNewRun(camera, before);
		List<String> missing = deadLettered.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() < MUST_BE_DEAD_LETTERED)
			.map((entry) -> entry.getKey() + " (" + entry.getValue() + " of 3 dead-lettered)")
			.toList();
		String lost = missing.isEmpty() && goesOn ? "none"
				: String.join(", ", missing) + (goesOn ? "" : "; a stream started afterwards did not play");
		return new FaultTable.Row("poison messages on " + TOPICS.size() + " topics (4 each, one a tombstone)",
				"each to its dead-letter topic, consumers keep going", 1,
				(recoveredAt >= 0 && goesOn) ? List.of(recoveredAt) : List.of(), (recoveredAt >= 0 && goesOn) ? 0 : 1,
				lost, 0);
	}

	private void send() {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
			for (String topic : TOPICS) {
				producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), "{not json " + this.marker));
				producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(),
						"{\"cameraId\":42,\"generation\":\"soon\",\"state\":[],\"" + this.marker + "\":true}"));
				producer.send(new ProducerRecord<>(topic, "../" + this.marker, "{}"));
				producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), null));
			}
			producer.flush();
		}
	}

	/**
	 * Counts the suite's records on each dead-letter topic until every topic has its
	 * three, or the limit passes.
	 * @return the milliseconds from {@code started} until all were there, or -1
	 */
	private long awaitDeadLetters(Map<String, Integer> deadLettered, long started) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "fault-suite-" + UUID.randomUUID());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
			consumer.subscribe(TOPICS.stream().map((topic) -> topic + "-dlt").toList());
			while (System.nanoTime() - started < FaultPlatform.LIMIT.toNanos()) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					boolean ours = (record.value() != null && record.value().contains(this.marker))
							|| (record.key() != null && record.key().contains(this.marker));
					if (ours) {
						deadLettered.merge(record.topic().substring(0, record.topic().length() - "-dlt".length()), 1,
								Integer::sum);
					}
				}
				if (deadLettered.values().stream().allMatch((count) -> count >= MUST_BE_DEAD_LETTERED)) {
					return (System.nanoTime() - started) / 1_000_000;
				}
			}
		}
		return -1;
	}

}
