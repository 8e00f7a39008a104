package dev.mediaplatform.topics;

import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics camera-service and the stream workers share, declared alike by both so that
 * whichever starts first creates them as the other expects. Names are settings (these are
 * their defaults); partitions are the most workers that can share the load.
 *
 * @param commands compacted topic of each camera's desired state
 * @param status topic of the workers' status events
 * @param recordings topic of the workers' recording chunks (opened, closed, deleted)
 * @param recordingDeletions topic of the recordings users deleted, for the workers to
 * remove the files
 * @param partitions partitions of every topic
 */
public record PlatformTopics(String commands, String status, String recordings, String recordingDeletions,
		int partitions) {

	/** The default name of the commands topic. */
	public static final String COMMANDS = "camera.commands";

	/** The default name of the status topic. */
	public static final String STATUS = "camera.status";

	/** The default name of the recordings topic. */
	public static final String RECORDINGS = "camera.recordings";

	/** The default name of the recording deletions topic. */
	public static final String RECORDING_DELETIONS = "camera.recording-deletions";

	/** The default number of partitions. */
	public static final String PARTITIONS = "12";

	/** The dead-letter recoverer's default: {@code <topic>-dlt}. */
	public static final String DEAD_LETTER_SUFFIX = "-dlt";

	/** The shared topics, for the {@code KafkaAdmin} to create when missing. */
	public KafkaAdmin.NewTopics newTopics() {
		return new KafkaAdmin.NewTopics(topics().toArray(NewTopic[]::new));
	}

	/** The shared topics as {@link #newTopics()} declares them. */
	public List<NewTopic> topics() {
		// Compacted: the latest desired state of every camera stays, so a worker can
		// rebuild it from the start.
		NewTopic commandsTopic = TopicBuilder.name(this.commands)
			.partitions(this.partitions)
			.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
			.config(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "60000")
			.build();
		NewTopic statusTopic = TopicBuilder.name(this.status)
			.partitions(this.partitions)
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(24L * 3600 * 1000))
			.build();
		// A week: a camera-service that was down that long still catalogues what was
		// recorded meanwhile.
		NewTopic recordingsTopic = TopicBuilder.name(this.recordings)
			.partitions(this.partitions)
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(7L * 24 * 3600 * 1000))
			.build();
		NewTopic recordingDeletionsTopic = TopicBuilder.name(this.recordingDeletions)
			.partitions(this.partitions)
			.build();
		return List.of(commandsTopic, statusTopic, recordingsTopic, recordingDeletionsTopic);
	}

	/**
	 * The dead-letter topic of one of a service's topics, with as many partitions: the
	 * recoverer sends a record to the partition it came from, and a topic the broker
	 * creates on first use has one, so such a send would wait for a partition that never
	 * comes and block its listener.
	 */
	public NewTopic deadLetter(String topic) {
		return TopicBuilder.name(topic + DEAD_LETTER_SUFFIX).partitions(this.partitions).build();
	}

}
