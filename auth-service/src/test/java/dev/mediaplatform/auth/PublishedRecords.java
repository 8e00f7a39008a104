package dev.mediaplatform.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one of auth-service's topics as its consumers do: every partition, from the
 * start.
 */
public final class PublishedRecords {

	private PublishedRecords() {
	}

	/**
	 * Every record on the topic with this key, up to the end offsets at the time of the
	 * call.
	 */
	public static List<ConsumerRecord<String, String>> keyed(String bootstrapServers, String topic, String key) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				// Reading must not create the topic with the broker's defaults.
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
						ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
				new StringDeserializer(), new StringDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<ConsumerRecord<String, String>> found = new ArrayList<>();
			Instant deadline = Instant.now().plusSeconds(30);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				if (Instant.now().isAfter(deadline)) {
					throw new AssertionError("could not read " + topic + " up to " + end);
				}
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					if (key.equals(record.key())) {
						found.add(record);
					}
				}
			}
			return found;
		}
	}

}
