package dev.mediaplatform.worker.command;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mediaplatform.worker.config.WorkerProperties;
import dev.mediaplatform.worker.pipeline.Pipelines;
import dev.mediaplatform.worker.storage.StorageLayout;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.stereotype.Component;

/**
 * Follows the compacted commands topic in the workers' shared consumer group. When
 * partitions are assigned, it reads them from the beginning to rebuild each camera's
 * latest desired state and applies that once caught up, then follows. When partitions are
 * revoked or lost, their pipelines stop before the partitions move, so that a camera
 * never has two writers. Kafka's group protocol decides who owns what; offsets are never
 * committed because every assignment starts from the beginning.
 * <p>
 * It is a plain consumer, not a listener container, so it observes what it receives
 * itself, as Spring Kafka's listener observation would: a command read live continues the
 * trace its record's headers carry (the request that changed the camera), and the
 * pipeline started for it continues that trace in turn.
 */
@Component("commands")
class CommandConsumer implements SmartLifecycle, HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(CommandConsumer.class);

	private final ConsumerFactory<String, String> consumers;

	private final Pipelines pipelines;

	private final WorkerProperties properties;

	private final JsonMapper json;

	private final DeadLetterPublishingRecoverer deadLetters;

	private final ObservationRegistry observations;

	private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

	/** How many partitions this worker owns, for the gauge (scraped on other threads). */
	private final AtomicInteger assigned = new AtomicInteger();

	private volatile boolean running;

	private volatile Thread thread;

	private volatile Consumer<String, String> consumer;

	CommandConsumer(ConsumerFactory<String, String> consumers, Pipelines pipelines, WorkerProperties properties,
			JsonMapper json, MeterRegistry meters, DeadLetterPublishingRecoverer commandDeadLetters,
			ObservationRegistry observations) {
		this.consumers = consumers;
		this.observations = observations;
		this.deadLetters = commandDeadLetters;
		this.pipelines = pipelines;
		this.properties = properties;
		this.json = json.rebuild()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.build();
		Gauge.builder("worker.partitions.assigned", this.assigned, AtomicInteger::get)
			.description("Command partitions this worker owns: whose cameras it runs")
			.register(meters);
	}

	@Override
	public void start() {
		this.running = true;
		Thread worker = new Thread(this::run, "commands-consumer");
		this.thread = worker;
		worker.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Consumer<String, String> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		Thread worker = this.thread;
		if (worker != null) {
			try {
				worker.join(Duration.ofSeconds(30).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Part of liveness: a worker whose consumer has died runs no cameras and must be
	 * restarted (its partitions then go to the others).
	 */
	@Override
	public Health health() {
		Thread worker = this.thread;
		return (this.running && worker != null && worker.isAlive()) ? Health.up().build()
				: Health.down().withDetail("reason", "the commands consumer is not running").build();
	}

	private void run() {
		Map<String, Object> overrides = Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
				ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
				// camera-service makes the topic with its settings (compacted); a worker
				// started first must not make it with the broker's defaults, and notices
				// it (or partitions added to it) within seconds.
				ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false", ConsumerConfig.METADATA_MAX_AGE_CONFIG,
				"15000");
		Consumer<String, String> kafka = this.consumers.createConsumer(this.properties.topics().group(),
				this.properties.id(), null, toProperties(overrides));
		this.consumer = kafka;
		try {
			kafka.subscribe(List.of(this.properties.topics().commands()), new Rebalance(kafka));
			while (this.running) {
				try {
					for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
						take(record);
					}
					applyCaughtUp(kafka);
				}
				catch (WakeupException ex) {
					// stop() was called.
				}
			}
		}
		catch (RuntimeException ex) {
			log.error("The commands consumer failed; this worker runs no cameras until it is restarted", ex);
		}
		finally {
			this.pipelines.handOver();
			this.running = false;
			// Leaving the group promptly hands the partitions to the other workers; an
			// unreachable broker must not hold the shutdown for the default 30 s.
			kafka.close(Duration.ofSeconds(5));
		}
	}

	private static java.util.Properties toProperties(Map<String, Object> values) {
		java.util.Properties properties = new java.util.Properties();
		properties.putAll(values);
		return properties;
	}

	private void take(ConsumerRecord<String, String> record) {
		PartitionState state = this.partitions.get(new TopicPartition(record.topic(), record.partition()));
		if (state == null) {
			// Its partition was revoked during this poll.
			return;
		}
		if (record.offset() < state.end) {
			// Replayed after an assignment: its request was served before, its trace is
			// over.
			read(record, state, null);
			return;
		}
		Observation received = KafkaListenerObservation.LISTENER_OBSERVATION
			.observation(null, KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
					() -> new KafkaRecordReceiverContext(record, "commands-consumer", this.properties.id(),
							this.properties.topics().group(), () -> null),
					this.observations)
			.start();
		try (Observation.Scope scope = received.openScope()) {
			read(record, state, received);
		}
		catch (RuntimeException ex) {
			received.error(ex);
			throw ex;
		}
		finally {
			received.stop();
		}
	}

	/**
	 * Keeps the command as its camera's latest.
	 * @param received the observation of a command read live, continued when the command
	 * is applied; {@code null} for a replayed one
	 */
	private void read(ConsumerRecord<String, String> record, PartitionState state, Observation received) {
		String cameraId = record.key();
		if (!StorageLayout.isCameraId(cameraId)) {
			deadLetter(record, state, "its key is not a camera id");
			return;
		}
		if (record.value() == null) {
			state.latest.put(cameraId, null);
			state.changed(cameraId, received);
			return;
		}
		try {
			CameraCommand command = this.json.readValue(record.value(), CameraCommand.class);
			if (!cameraId.equals(command.cameraId())) {
				deadLetter(record, state, "it names another camera than its key");
				return;
			}
			CameraCommand known = state.latest.get(cameraId);
			if (known == null || command.generation() >= known.generation()) {
				state.latest.put(cameraId, command);
				state.changed(cameraId, received);
			}
		}
		catch (JacksonException ex) {
			deadLetter(record, state, "not a camera command: " + ex.getOriginalMessage());
		}
	}

	/**
	 * Ignores a command no worker can read and, the first time it is read (not when a
	 * partition is replayed), sends it to the dead-letter topic with the reason.
	 */
	private void deadLetter(ConsumerRecord<String, String> record, PartitionState state, String reason) {
		if (record.offset() < state.end) {
			log.debug("Ignoring command at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
			return;
		}
		log.warn("Ignoring command at {}-{}@{}, sent to the dead-letter topic: {}", record.topic(), record.partition(),
				record.offset(), reason);
		try {
			this.deadLetters.accept(record, new InvalidCommand(reason));
		}
		catch (RuntimeException ex) {
			log.warn("The command at {}-{}@{} could not be sent to the dead-letter topic ({}); it stays ignored",
					record.topic(), record.partition(), record.offset(), ex.toString());
		}
	}

	/** Why a command was not applied: the dead letter's exception message. */
	static final class InvalidCommand extends RuntimeException {

		InvalidCommand(String reason) {
			super(reason);
		}

	}

	private void applyCaughtUp(Consumer<String, String> kafka) {
		for (Map.Entry<TopicPartition, PartitionState> entry : this.partitions.entrySet()) {
			PartitionState state = entry.getValue();
			boolean replay = !state.caughtUp;
			if (replay) {
				if (kafka.position(entry.getKey()) < state.end) {
					continue;
				}
				state.caughtUp = true;
				log.info("Partition {} replayed: {} cameras", entry.getKey(), state.latest.size());
			}
			for (String cameraId : state.changed) {
				CameraCommand command = state.latest.get(cameraId);
				Observation received = state.received.remove(cameraId);
				// Applied in the command's trace: what the pipelines do for
				// it (a pipeline's start until its first segment) is part of
				// the request that sent it.
				try (Observation.Scope scope = (received != null) ? received.openScope() : null) {
					if (command == null) {
						if (!replay) {
							this.pipelines.remove(cameraId);
						}
						state.latest.remove(cameraId);
					}
					else {
						this.pipelines.apply(command.desired(), replay);
					}
				}
			}
			state.changed.clear();
		}
	}

	/** What one assigned partition says, and whether it has been read to its end yet. */
	private static final class PartitionState {

		final long end;

		final Map<String, CameraCommand> latest = new LinkedHashMap<>();

		final Set<String> changed = new LinkedHashSet<>();

		/** The observation of each changed camera's latest command, when read live. */
		final Map<String, Observation> received = new HashMap<>();

		boolean caughtUp;

		PartitionState(long end) {
			this.end = end;
		}

		void changed(String cameraId, Observation observation) {
			this.changed.add(cameraId);
			if (observation != null) {
				this.received.put(cameraId, observation);
			}
			else {
				this.received.remove(cameraId);
			}
		}

	}

	private final class Rebalance implements ConsumerRebalanceListener {

		private final Consumer<String, String> kafka;

		Rebalance(Consumer<String, String> kafka) {
			this.kafka = kafka;
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
			if (assigned.isEmpty()) {
				return;
			}
			this.kafka.seekToBeginning(assigned);
			Map<TopicPartition, Long> ends = this.kafka.endOffsets(assigned);
			for (TopicPartition partition : assigned) {
				CommandConsumer.this.partitions.put(partition, new PartitionState(ends.getOrDefault(partition, 0L)));
			}
			CommandConsumer.this.assigned.set(CommandConsumer.this.partitions.size());
			log.info("Assigned {}; replaying them", assigned);
		}

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
			release(revoked);
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> lost) {
			release(lost);
		}

		private void release(Collection<TopicPartition> partitions) {
			if (partitions.isEmpty()) {
				return;
			}
			Set<String> cameras = new LinkedHashSet<>();
			for (TopicPartition partition : partitions) {
				PartitionState state = CommandConsumer.this.partitions.remove(partition);
				if (state != null) {
					cameras.addAll(state.latest.keySet());
				}
			}
			CommandConsumer.this.assigned.set(CommandConsumer.this.partitions.size());
			CommandConsumer.this.pipelines.release(cameras);
			log.info("Released {} ({} cameras)", partitions, cameras.size());
		}

	}

}
