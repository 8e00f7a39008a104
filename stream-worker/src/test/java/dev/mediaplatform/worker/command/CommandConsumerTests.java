package dev.mediaplatform.worker.command;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import dev.mediaplatform.worker.StreamWorkerApplication;
import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import dev.mediaplatform.worker.media.RecordedChunk;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka side of the worker with a media engine that needs no camera: who runs what,
 * across workers joining and leaving the group, and what they report.
 */
@EmbeddedKafka
class CommandConsumerTests {

	static final int PARTITIONS = 12;

	static final JsonMapper json = JsonMapper.builder().build();

	/** Cameras running now, by camera id, with the worker running each. */
	static final Map<String, String> running = new ConcurrentHashMap<>();

	/** A camera that was ever started while another worker still ran it. */
	static final List<String> doubleWriters = new CopyOnWriteArrayList<>();

	static final Map<String, Integer> starts = new ConcurrentHashMap<>();

	/** Cameras whose source is down until removed from here. */
	static final Set<String> down = ConcurrentHashMap.newKeySet();

	/** Cameras whose recordings the fake engine cannot write: a full disk. */
	static final Set<String> diskFull = ConcurrentHashMap.newKeySet();

	final List<ConfigurableApplicationContext> workers = new ArrayList<>();

	final List<JsonNode> statuses = new CopyOnWriteArrayList<>();

	EmbeddedKafkaBroker broker;

	/**
	 * Topics of this test alone: the commands topic keeps every camera of earlier tests.
	 */
	final String commands = "commands-" + UUID.randomUUID();

	final String status = "status-" + UUID.randomUUID();

	Producer<String, String> producer;

	Consumer<String, String> statusConsumer;

	Thread statusReader;

	@BeforeEach
	void start(EmbeddedKafkaBroker broker) {
		this.broker = broker;
		running.clear();
		doubleWriters.clear();
		starts.clear();
		down.clear();
		this.producer = new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(broker), new StringSerializer(),
				new StringSerializer())
			.createProducer();
		Map<String, Object> consumerProps = KafkaTestUtils.consumerProps(broker, "test-" + UUID.randomUUID(), false);
		consumerProps.put("auto.offset.reset", "latest");
		this.statusConsumer = new DefaultKafkaConsumerFactory<>(consumerProps, new StringDeserializer(),
				new StringDeserializer())
			.createConsumer();
		broker.addTopics(new org.apache.kafka.clients.admin.NewTopic(this.commands, PARTITIONS, (short) 1),
				new org.apache.kafka.clients.admin.NewTopic(this.status, PARTITIONS, (short) 1));
		this.statusConsumer.subscribe(List.of(this.status));
		this.statusConsumer.poll(Duration.ofMillis(500));
		this.statusReader = new Thread(() -> {
			try {
				while (!Thread.currentThread().isInterrupted()) {
					for (ConsumerRecord<String, String> record : this.statusConsumer.poll(Duration.ofMillis(200))) {
						this.statuses.add(json.readTree(record.value()));
					}
				}
			}
			catch (org.apache.kafka.common.errors.InterruptException ex) {
				// done
			}
		});
		this.statusReader.start();
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.workers.forEach(ConfigurableApplicationContext::close);
		this.statusReader.interrupt();
		this.statusReader.join();
		this.statusConsumer.close();
		this.producer.close();
	}

	ConfigurableApplicationContext worker(String id) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(StreamWorkerApplication.class,
				FakeEngineConfiguration.class)
			.run("--spring.kafka.bootstrap-servers=" + this.broker.getBrokersAsString(),
					"--eureka.client.enabled=false", "--server.port=0", "--worker.id=" + id,
					"--worker.storage-dir=target/command-tests/" + id, "--worker.backoff-initial=50ms",
					"--worker.backoff-max=200ms", "--worker.topics.commands=" + this.commands,
					"--worker.topics.status=" + this.status, "--spring.main.allow-bean-definition-overriding=true");
		this.workers.add(context);
		return context;
	}

	static int assignedPartitions(ConfigurableApplicationContext worker) {
		return (int) worker.getBean(MeterRegistry.class).get("worker.partitions.assigned").gauge().value();
	}

	/** Camera ids whose commands land in partitions 0 .. count-1, one each. */
	static List<String> onePerPartition(int count) {
		String[] ids = new String[count];
		int found = 0;
		while (found < count) {
			String id = UUID.randomUUID().toString();
			// The default partitioner's choice for a keyed record.
			int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % count;
			if (ids[partition] == null) {
				ids[partition] = id;
				found++;
			}
		}
		return new ArrayList<>(List.of(ids));
	}

	void send(String cameraId, long generation, String url, boolean streaming) {
		send(cameraId, generation, url, streaming, false);
	}

	void send(String cameraId, long generation, String url, boolean streaming, boolean recording) {
		String value = (url != null)
				? json.writeValueAsString(
						new CameraCommand(cameraId, generation, url, null, "tcp", streaming, recording, null, null))
				: null;
		this.producer.send(new ProducerRecord<>(this.commands, cameraId, value));
		this.producer.flush();
	}

	List<String> states(String cameraId) {
		return this.statuses.stream()
			.filter((s) -> s.get("cameraId").asString().equals(cameraId))
			.map((s) -> s.get("state").asString())
			.toList();
	}

	JsonNode lastStatus(String cameraId, Predicate<JsonNode> matching) {
		return this.statuses.stream()
			.filter((s) -> s.get("cameraId").asString().equals(cameraId))
			.filter(matching)
			.reduce((a, b) -> b)
			.orElse(null);
	}

	@Test
	void shouldRunEveryWantedCameraOnceAcrossWorkersJoiningAndLeaving() {
		// One wanted camera in each partition, so that however the partitions are
		// split, each worker has cameras to run; then two that are not wanted.
		List<String> cameras = onePerPartition(PARTITIONS);
		cameras.add(UUID.randomUUID().toString());
		cameras.add(UUID.randomUUID().toString());
		for (int i = 0; i < cameras.size(); i++) {
			String id = cameras.get(i);
			// Several generations in the log: only the last one counts.
			send(id, 1, "rtsp://camera-" + i + ".local/stream", true);
			send(id, 2, "rtsp://camera-" + i + ".local/stream", i < PARTITIONS);
		}
		List<String> wanted = cameras.subList(0, PARTITIONS);

		worker("worker-a");
		await().atMost(Duration.ofSeconds(30)).until(() -> running.keySet().containsAll(wanted));
		assertThat(running).hasSize(wanted.size()).containsValues("worker-a");

		ConfigurableApplicationContext b = worker("worker-b");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> running.size() == wanted.size() && running.containsValue("worker-b")
					&& running.containsValue("worker-a"));
		// Each worker tells how many partitions it owns; together, all of them.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> assignedPartitions(this.workers.get(0)) + assignedPartitions(b) == PARTITIONS);
		assertThat(assignedPartitions(b)).isPositive().isLessThan(PARTITIONS);
		assertThat(running.keySet()).containsExactlyInAnyOrderElementsOf(wanted);

		List<String> onB = running.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().equals("worker-b"))
			.map(Map.Entry::getKey)
			.toList();
		b.close();
		// A graceful shutdown hands its cameras over, and says so, before the others
		// take them.
		for (String id : onB) {
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				JsonNode last = lastStatus(id, (s) -> s.get("workerId").asString().equals("worker-b"));
				return last != null && "RECONNECTING".equals(last.get("state").asString())
						&& last.get("error").asString().contains("shutting down; another worker takes the camera over");
			});
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> running.size() == wanted.size() && !running.containsValue("worker-b"));
		assertThat(doubleWriters).isEmpty();
		// Each started only when its owner changed, never for the stale generation.
		assertThat(starts.keySet()).doesNotContainAnyElementsOf(cameras.subList(PARTITIONS, cameras.size()));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> wanted.stream().allMatch((id) -> states(id).contains("LIVE")));
	}

	@Test
	void shouldSendUnreadableCommandsToTheDeadLetterTopicOnceAndKeepGoing() {
		String good = UUID.randomUUID().toString();
		String other = UUID.randomUUID().toString();
		ConfigurableApplicationContext a = worker("worker-a");
		await().atMost(Duration.ofSeconds(30)).until(() -> assignedPartitions(a) == PARTITIONS);
		this.producer.send(new ProducerRecord<>(this.commands, "../not-a-camera", "{}"));
		this.producer.send(new ProducerRecord<>(this.commands, other, "{not json"));
		this.producer.send(new ProducerRecord<>(this.commands, other, json.writeValueAsString(
				new CameraCommand(good, 1, "rtsp://camera.local/a", null, "tcp", true, false, null, null))));
		this.producer.send(new ProducerRecord<>(this.commands, other,
				"{\"cameraId\":\"" + other + "\",\"generation\":\"soon\",\"sourceUrl\":\"rtsp://camera.local/a\"}"));
		send(good, 1, "rtsp://camera.local/a", true);

		// The good command after the bad ones runs its camera.
		await().atMost(Duration.ofSeconds(30)).until(() -> running.containsKey(good));
		Map<String, Object> props = KafkaTestUtils.consumerProps(this.broker, "test-" + UUID.randomUUID(), false);
		props.put("auto.offset.reset", "earliest");
		try (Consumer<String, String> deadLetters = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
				new StringDeserializer())
			.createConsumer()) {
			deadLetters.subscribe(List.of(this.commands + "-dlt"));
			List<ConsumerRecord<String, String>> found = new CopyOnWriteArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				deadLetters.poll(Duration.ofMillis(200)).forEach(found::add);
				return found.size() >= 4;
			});
			assertThat(found)
				.extracting((record) -> new String(record.headers().lastHeader("kafka_dlt-exception-message").value(),
						StandardCharsets.UTF_8))
				.satisfiesExactlyInAnyOrder((reason) -> assertThat(reason).contains("key is not a camera id"),
						(reason) -> assertThat(reason).contains("not a camera command"),
						(reason) -> assertThat(reason).contains("names another camera than its key"),
						(reason) -> assertThat(reason).contains("not a camera command"));
			assertThat(found).extracting(ConsumerRecord::value).contains("{not json");

			// Another worker replaying the partitions does not send them again.
			ConfigurableApplicationContext b = worker("worker-b");
			a.close();
			await().atMost(Duration.ofSeconds(30)).until(() -> "worker-b".equals(running.get(good)));
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> {
				deadLetters.poll(Duration.ofMillis(200)).forEach(found::add);
				return found.size() == 4;
			});
			assertThat(assignedPartitions(b)).isEqualTo(PARTITIONS);
		}
	}

	@Test
	void shouldStopRestartAndRemoveAsCommandsSay() {
		String id = UUID.randomUUID().toString();
		worker("worker-a");
		send(id, 1, "rtsp://camera.local/a", true);
		await().atMost(Duration.ofSeconds(30)).until(() -> running.containsKey(id));
		await().atMost(Duration.ofSeconds(10)).until(() -> states(id).contains("LIVE"));

		// A change the pipeline does not depend on keeps it running, acknowledged.
		this.producer.send(new ProducerRecord<>(this.commands, id, json.writeValueAsString(
				new CameraCommand(id, 2, "rtsp://camera.local/a", null, "tcp", true, true, null, null))));
		this.producer.flush();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> lastStatus(id, (s) -> s.get("generation").asLong() == 2) != null);
		assertThat(starts.get(id)).isEqualTo(1);

		// A new address restarts it; an older generation arriving late is ignored.
		send(id, 3, "rtsp://camera.local/b", true);
		send(id, 2, "rtsp://camera.local/old", false);
		await().atMost(Duration.ofSeconds(10)).until(() -> starts.get(id) == 2);
		assertThat(running).containsKey(id);

		send(id, 4, "rtsp://camera.local/b", false);
		await().atMost(Duration.ofSeconds(10)).until(() -> !running.containsKey(id));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> lastStatus(id, (s) -> s.get("generation").asLong() == 4) != null);
		assertThat(lastStatus(id, (s) -> true).get("state").asString()).isEqualTo("STOPPED");

		send(id, 5, "rtsp://camera.local/b", true);
		await().atMost(Duration.ofSeconds(10)).until(() -> running.containsKey(id));
		send(id, 6, null, false);
		await().atMost(Duration.ofSeconds(10)).until(() -> !running.containsKey(id));
		assertThat(doubleWriters).isEmpty();
	}

	@Test
	void shouldRecordWithoutLiveViewAndReportTheRecordingStateHonestly() {
		String id = UUID.randomUUID().toString();
		worker("worker-a");
		send(id, 1, "rtsp://camera.local/a", false, true);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> lastStatus(id, (s) -> "ON".equals(s.get("recordingState").asString())) != null);
		JsonNode on = lastStatus(id, (s) -> "ON".equals(s.get("recordingState").asString()));
		assertThat(on.get("recording").asBoolean()).isTrue();
		assertThat(on.get("state").asString()).isEqualTo("LIVE");
		assertThat(running).containsKey(id);

		// Live view added to a recording camera: the same connection.
		send(id, 2, "rtsp://camera.local/a", true, true);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> lastStatus(id, (s) -> s.get("generation").asLong() == 2) != null);
		assertThat(starts.get(id)).isEqualTo(1);

		send(id, 3, "rtsp://camera.local/a", false, false);
		await().atMost(Duration.ofSeconds(10)).until(() -> !running.containsKey(id));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> lastStatus(id, (s) -> s.get("generation").asLong() == 3) != null);
		JsonNode off = lastStatus(id, (s) -> true);
		assertThat(off.get("state").asString()).isEqualTo("STOPPED");
		assertThat(off.get("recordingState").asString()).isEqualTo("OFF");
		assertThat(off.get("recording").asBoolean()).isFalse();
	}

	@Test
	void shouldReportRecordingFailedWithTheCauseWhileLiveGoesOn() {
		String id = UUID.randomUUID().toString();
		diskFull.add(id);
		worker("worker-a");
		send(id, 1, "rtsp://camera.local/a", true, true);
		// The recording may fail before the first segment makes the camera LIVE: what
		// counts is a LIVE camera whose recording is reported failed.
		Predicate<JsonNode> liveButNotRecording = (s) -> "FAILED".equals(s.get("recordingState").asString())
				&& "LIVE".equals(s.get("state").asString());
		await().atMost(Duration.ofSeconds(30)).until(() -> lastStatus(id, liveButNotRecording) != null);
		JsonNode failed = lastStatus(id, liveButNotRecording);
		assertThat(failed.get("recording").asBoolean()).isFalse();
		assertThat(failed.get("recordingError").asString()).contains("No space left on device");
		assertThat(failed.get("error").isNull()).isTrue();
	}

	@Test
	void shouldRetryAnUnreachableCameraWithBackoffUntilItAppears() {
		String id = UUID.randomUUID().toString();
		down.add(id);
		worker("worker-a");
		send(id, 1, "rtsp://camera.local/a", true);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> states(id).stream().filter("RECONNECTING"::equals).count() >= 3);
		JsonNode reconnecting = lastStatus(id, (s) -> s.get("state").asString().equals("RECONNECTING"));
		assertThat(reconnecting.get("error").asString()).contains("connection refused");
		assertThat(reconnecting.get("attempt").asInt()).isGreaterThanOrEqualTo(3);
		assertThat(states(id)).doesNotContain("LIVE");

		down.remove(id);
		await().atMost(Duration.ofSeconds(10)).until(() -> states(id).contains("LIVE"));
	}

	@Test
	void shouldRefuseSourcesThatAreNotCamerasWithoutOpeningThem() {
		worker("worker-a");
		Map<String, String> smuggled = Map.of(UUID.randomUUID().toString(), "file:///etc/passwd",
				UUID.randomUUID().toString(), "concat:rtsp://a/b|file:///etc/passwd", UUID.randomUUID().toString(),
				"rtsp://user:secret@camera.local/a");
		smuggled.forEach((id, url) -> send(id, 1, url, true));
		for (String id : smuggled.keySet()) {
			await().atMost(Duration.ofSeconds(30)).until(() -> states(id).contains("FAILED"));
			assertThat(lastStatus(id, (s) -> true).get("error").asString()).isNotBlank().doesNotContain("secret");
		}
		assertThat(starts).doesNotContainKeys(smuggled.keySet().toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	static class FakeEngineConfiguration {

		@Bean
		MediaEngine mediaEngine(org.springframework.core.env.Environment environment) {
			String worker = environment.getProperty("worker.id");
			return (LiveSource source, MediaEngine.Outputs outputs, MediaEngine.Session session) -> {
				if (down.contains(source.cameraId())) {
					throw MediaFailure.transientFailure("cannot open the camera: connection refused");
				}
				if (running.putIfAbsent(source.cameraId(), worker) != null) {
					doubleWriters.add(source.cameraId());
				}
				starts.merge(source.cameraId(), 1, Integer::sum);
				try {
					session.received(1000);
					if (session.recordingWanted() && diskFull.contains(source.cameraId())) {
						session.recordingFailed("cannot write the recording: No space left on device; free space on"
								+ " the storage or lower the retention: recording resumes by itself");
					}
					else if (session.recordingWanted()) {
						session.chunkOpened(new RecordedChunk(System.currentTimeMillis(), "recordings/x.mp4",
								System.currentTimeMillis(), 0, "h264", false, false, 0, List.of()));
					}
					if (session.liveWanted()) {
						session.segmentWritten(java.time.Instant.now());
					}
					while (!session.stopRequested()) {
						Thread.sleep(20);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					running.remove(source.cameraId(), worker);
				}
			};
		}

	}

}
