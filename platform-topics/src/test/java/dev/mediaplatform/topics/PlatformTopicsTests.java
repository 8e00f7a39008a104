package dev.mediaplatform.topics;

import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformTopicsTests {

	final PlatformTopics topics = new PlatformTopics(PlatformTopics.COMMANDS, PlatformTopics.STATUS,
			PlatformTopics.RECORDINGS, PlatformTopics.RECORDING_DELETIONS, 12);

	@Test
	void shouldDeclareTheSharedTopicsWithTheirPartitionsAndRetention() {
		Map<String, NewTopic> declared = this.topics.topics()
			.stream()
			.collect(Collectors.toMap(NewTopic::name, (topic) -> topic));

		assertThat(declared).containsOnlyKeys("camera.commands", "camera.status", "camera.recordings",
				"camera.recording-deletions");
		assertThat(declared.values()).allSatisfy((topic) -> assertThat(topic.numPartitions()).isEqualTo(12));
		assertThat(declared.get("camera.commands").configs()).containsEntry("cleanup.policy", "compact")
			.containsEntry("min.compaction.lag.ms", "60000");
		assertThat(declared.get("camera.status").configs()).containsEntry("retention.ms", "86400000");
		assertThat(declared.get("camera.recordings").configs()).containsEntry("retention.ms", "604800000");
		assertThat(declared.get("camera.recording-deletions").configs()).as("the broker's defaults").isNullOrEmpty();
	}

	@Test
	void shouldGiveADeadLetterTopicAsManyPartitions() {
		NewTopic deadLetters = this.topics.deadLetter("camera.status");

		assertThat(deadLetters.name()).isEqualTo("camera.status-dlt");
		assertThat(deadLetters.numPartitions()).isEqualTo(12);
	}

}
