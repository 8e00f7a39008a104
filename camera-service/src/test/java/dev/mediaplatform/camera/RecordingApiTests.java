package dev.mediaplatform.camera;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.EmbeddedMongo;
import dev.mediaplatform.localstack.PortGuard;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.mediaplatform.localstack.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recordings catalogue and its routes over HTTP, fed by real announcements on the
 * embedded Kafka broker's recordings topic as the workers send them, with two users:
 * listing, the timeline, the playback playlist, deletion, retention, idempotency, poison
 * messages, and who may do what.
 */
@EmbeddedKafka(partitions = 1)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
class RecordingApiTests {

	static final EmbeddedMongo mongo = EmbeddedMongo.startInMemory();

	static final int socketIoPort = PortGuard.freePort();

	static final String RECORDINGS = "camera.recordings";

	static final String GROUP = "camera-service-recordings";

	static final String MPEGURL = "application/vnd.apple.mpegurl";

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongoTemplate;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	KafkaTemplate<String, String> kafka;

	ApiClient api;

	TestAuthService.User alice;

	TestAuthService.User bob;

	String[] asAlice;

	String[] asBob;

	@DynamicPropertySource
	static void stores(DynamicPropertyRegistry registry) {
		registry.add("camera.realtime.port", () -> socketIoPort);
		registry.add("spring.mongodb.uri", () -> mongo.connectionString("recordings-api-test"));
		registry.add("spring.cloud.discovery.client.simple.instances.auth-service[0].uri", TestAuthService::url);
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@BeforeEach
	void users() {
		this.api = new ApiClient("http://localhost:" + this.port);
		this.alice = TestAuthService.user("alice-" + UUID.randomUUID().toString().substring(0, 6));
		this.bob = TestAuthService.user("bob-" + UUID.randomUUID().toString().substring(0, 6));
		this.asAlice = bearer(this.alice.token());
		this.asBob = bearer(this.bob.token());
	}

	String addCamera(TestAuthService.User owner) {
		Response added = this.api.post("/api/v1/cameras",
				Map.of("name", "Porch", "rtspUrl", "rtsp://camera.example:554/stream1"), bearer(owner.token()));
		assertThat(added.status()).as(added.body()).isEqualTo(201);
		return added.json().path("id").asString();
	}

	void share(String cameraId, TestAuthService.User with, String role) {
		Response shared = this.api.post("/shareCamera",
				Map.of("cameraId", cameraId, "username", with.username(), "role", role), this.asAlice);
		assertThat(shared.status()).as(shared.body()).isEqualTo(200);
	}

	/** PUT, which {@link ApiClient} does not speak. */
	Response put(String path, Object body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers
				.ofString((body instanceof String text) ? text : ApiClient.json.writeValueAsString(body)));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), response);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A whole second some minutes ago, so that chunks built from it are in the past. */
	static long minutesAgo(long minutes) {
		return Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(minutes, ChronoUnit.MINUTES).toEpochMilli();
	}

	static String iso(long millis) {
		return Instant.ofEpochMilli(millis).toString();
	}

	/** A worker's OPENED announcement. */
	static Map<String, Object> opened(String cameraId, long start) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("cameraId", cameraId);
		event.put("event", "OPENED");
		event.put("startMillis", start);
		event.put("path", "recordings/" + cameraId + "/" + start + ".mp4");
		event.put("startedAt", iso(start));
		event.put("codec", "h264");
		event.put("complete", false);
		event.put("recovered", false);
		event.put("workerId", "worker-1");
		event.put("bytes", 0);
		event.put("at", iso(start));
		event.put("fieldFromTheFuture", Map.of("ignored", true));
		return event;
	}

	/**
	 * A worker's CLOSED announcement of a chunk made of {@code segments} two-second
	 * segments of 100,000 bytes after a 1,000-byte init.
	 */
	static Map<String, Object> closed(String cameraId, long start, int segments) {
		List<Map<String, Object>> ranges = new ArrayList<>();
		for (int i = 0; i < segments; i++) {
			ranges.add(Map.of("offset", 1000 + i * 100_000L, "size", 100_000, "durationMillis", 2000));
		}
		return closed(cameraId, start, segments * 2000L, 1000 + segments * 100_000L, ranges);
	}

	static Map<String, Object> closed(String cameraId, long start, long durationMillis, long bytes,
			List<Map<String, Object>> segments) {
		Map<String, Object> event = opened(cameraId, start);
		event.put("event", "CLOSED");
		event.put("endedAt", iso(start + durationMillis));
		event.put("durationMillis", durationMillis);
		event.put("bytes", bytes);
		event.put("complete", true);
		event.put("initSize", 1000);
		event.put("segments", segments);
		event.put("at", iso(start + durationMillis));
		return event;
	}

	static Map<String, Object> deleted(String cameraId, long start) {
		return Map.of("cameraId", cameraId, "event", "DELETED", "startMillis", start, "reason", "retention-age");
	}

	void announce(String cameraId, Object event) {
		try {
			this.kafka
				.send(RECORDINGS, cameraId,
						(event instanceof String text) ? text : ApiClient.json.writeValueAsString(event))
				.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits until camera-service's consumer group has handled everything on the
	 * recordings topic: afterwards the catalogue holds what it will hold.
	 */
	void awaitCatalogued() {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString()))) {
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
					.partitionsToOffsetAndMetadata()
					.get();
				Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
				admin.describeTopics(List.of(RECORDINGS))
					.allTopicNames()
					.get()
					.get(RECORDINGS)
					.partitions()
					.forEach((p) -> latest.put(new TopicPartition(RECORDINGS, p.partition()), OffsetSpec.latest()));
				return admin.listOffsets(latest).all().get().entrySet().stream().allMatch((end) -> {
					OffsetAndMetadata done = committed.get(end.getKey());
					return end.getValue().offset() == 0 || (done != null && done.offset() >= end.getValue().offset());
				});
			});
		}
	}

	/** A consumer that sees what is published on {@code topic} from now on. */
	Consumer<String, String> consumer(String topic) {
		Map<String, Object> props = KafkaTestUtils.consumerProps(this.broker, "test-" + UUID.randomUUID(), false);
		props.put("auto.offset.reset", "latest");
		Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
				new StringDeserializer())
			.createConsumer();
		consumer.subscribe(List.of(topic));
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
			consumer.poll(Duration.ofMillis(100));
		}
		assertThat(consumer.assignment()).as("assigned " + topic).isNotEmpty();
		// "latest" is looked up lazily: resolve it now, or a record sent before the
		// next poll would be skipped.
		consumer.assignment().forEach(consumer::position);
		return consumer;
	}

	/** The first record for {@code key} that matches, within 20 s. */
	static ConsumerRecord<String, String> next(Consumer<String, String> consumer, String key,
			Predicate<ConsumerRecord<String, String>> matching) {
		List<String> seen = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
				if (key.equals(record.key())) {
					if (matching.test(record)) {
						return record;
					}
					seen.add(record.value());
				}
			}
		}
		throw new AssertionError("no such record for " + key + " within 20 s; saw " + seen);
	}

	long catalogued(String cameraId) {
		return this.mongoTemplate.count(Query.query(Criteria.where("cameraId").is(cameraId)), "recordings");
	}

	String recordings(String cameraId) {
		return "/api/v1/cameras/" + cameraId + "/recordings";
	}

	static List<String> ids(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.path("content").forEach((item) -> ids.add(item.path("id").asString()));
		return ids;
	}

	static void assertProblem(Response response, int status, String field) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		if (field != null) {
			assertThat(response.json().path("errors").get(0).path("field").asString()).as(response.body())
				.isEqualTo(field);
		}
	}

	@Nested
	class Catalogue {

		@Test
		void shouldListEveryAnnouncedChunkOldestFirstWhenTheWorkerAnnouncedThemOutOfOrder() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(30);
			announce(id, closed(id, t0 + 60_000, 30));
			announce(id, closed(id, t0, 30));
			announce(id, opened(id, t0 + 120_000));
			awaitCatalogued();

			Response list = RecordingApiTests.this.api.get(recordings(id), RecordingApiTests.this.asAlice);

			assertThat(list.status()).as(list.body()).isEqualTo(200);
			assertThat(ids(list.json())).containsExactly(Long.toString(t0), Long.toString(t0 + 60_000),
					Long.toString(t0 + 120_000));
			JsonNode first = list.json().path("content").get(0);
			assertThat(first.path("startedAt").asString()).isEqualTo(iso(t0));
			assertThat(first.path("endedAt").asString()).isEqualTo(iso(t0 + 60_000));
			assertThat(first.path("durationMillis").asLong()).isEqualTo(60_000);
			assertThat(first.path("bytes").asLong()).isEqualTo(3_001_000);
			assertThat(first.path("codec").asString()).isEqualTo("h264");
			assertThat(first.path("complete").asBoolean()).isTrue();
			assertThat(first.path("recovered").asBoolean()).isFalse();
			JsonNode open = list.json().path("content").get(2);
			assertThat(open.path("complete").asBoolean()).isFalse();
			assertThat(open.path("endedAt").isNull()).isTrue();
			assertThat(list.json().path("page").path("totalElements").asLong()).isEqualTo(3);
			Document stored = RecordingApiTests.this.mongoTemplate.findById(id + ":" + t0, Document.class,
					"recordings");
			assertThat(stored).isNotNull();
			assertThat(stored.getString("path")).isEqualTo("recordings/" + id + "/" + t0 + ".mp4");
			assertThat(stored.getString("workerId")).isEqualTo("worker-1");
			assertThat(stored.getLong("initSize")).isEqualTo(1000);
			assertThat(stored.getList("segments", Document.class)).hasSize(30);
		}

		@Test
		void shouldKeepOneEntryWhenTheSameClosedArrivesTwice() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(20);
			announce(id, closed(id, t0, 30));
			announce(id, closed(id, t0, 30));
			awaitCatalogued();

			assertThat(catalogued(id)).isEqualTo(1);
			Response list = RecordingApiTests.this.api.get(recordings(id), RecordingApiTests.this.asAlice);
			assertThat(ids(list.json())).containsExactly(Long.toString(t0));
		}

		@Test
		void shouldKeepTheClosedChunkWhenAnOpenedArrivesAfterIt() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(20);
			announce(id, opened(id, t0));
			announce(id, closed(id, t0, 30));
			announce(id, opened(id, t0));
			awaitCatalogued();

			JsonNode item = RecordingApiTests.this.api.get(recordings(id), RecordingApiTests.this.asAlice)
				.json()
				.path("content")
				.get(0);
			assertThat(catalogued(id)).isEqualTo(1);
			assertThat(item.path("complete").asBoolean()).isTrue();
			assertThat(item.path("bytes").asLong()).isEqualTo(3_001_000);
			assertThat(item.path("endedAt").asString()).isEqualTo(iso(t0 + 60_000));
		}

		@Test
		void shouldMarkARecoveredChunkWhenAnotherWorkerClosedIt() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(20);
			Map<String, Object> recovered = closed(id, t0, 10);
			recovered.put("recovered", true);
			announce(id, opened(id, t0));
			announce(id, recovered);
			awaitCatalogued();

			JsonNode item = RecordingApiTests.this.api.get(recordings(id), RecordingApiTests.this.asAlice)
				.json()
				.path("content")
				.get(0);
			assertThat(item.path("recovered").asBoolean()).isTrue();
			assertThat(item.path("durationMillis").asLong()).isEqualTo(20_000);
		}

		@Test
		void shouldForgetAChunkWhenTheWorkerAnnouncesItDeleted() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(20);
			announce(id, closed(id, t0, 30));
			announce(id, closed(id, t0 + 60_000, 30));
			announce(id, deleted(id, t0));
			announce(id, deleted(id, t0 - 60_000));
			awaitCatalogued();

			assertThat(ids(RecordingApiTests.this.api.get(recordings(id), RecordingApiTests.this.asAlice).json()))
				.containsExactly(Long.toString(t0 + 60_000));
		}

		@Test
		void shouldDropAnnouncementsWhenTheCameraDoesNotExist() {
			String unknown = UUID.randomUUID().toString();
			announce(unknown, closed(unknown, minutesAgo(10), 30));
			announce(unknown, opened(unknown, minutesAgo(9)));
			awaitCatalogued();

			assertThat(catalogued(unknown)).isZero();
		}

		@Test
		void shouldForgetTheRecordingsWhenTheCameraIsDeletedAndDropLaterAnnouncements() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(20);
			announce(id, closed(id, t0, 30));
			announce(id, opened(id, t0 + 60_000));
			awaitCatalogued();
			assertThat(catalogued(id)).isEqualTo(2);

			assertThat(
					RecordingApiTests.this.api.delete("/api/v1/cameras/" + id, RecordingApiTests.this.asAlice).status())
				.isEqualTo(204);
			assertThat(catalogued(id)).isZero();

			announce(id, closed(id, t0 + 60_000, 30));
			awaitCatalogued();
			assertThat(catalogued(id)).isZero();
		}

		@Test
		void shouldSendAPoisonMessageToTheDeadLetterTopicAndStoreTheNextAnnouncement() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(20);
			String garbage = "{not json at all";
			Map<String, Object> noStart = closed(id, t0, 30);
			noStart.remove("startMillis");
			noStart.remove("startedAt");
			announce(id, garbage);
			announce(id, noStart);
			announce(id, closed(id, t0 + 60_000, 30));
			awaitCatalogued();

			assertThat(ids(RecordingApiTests.this.api.get(recordings(id), RecordingApiTests.this.asAlice).json()))
				.containsExactly(Long.toString(t0 + 60_000));
			Map<String, Object> props = KafkaTestUtils.consumerProps(RecordingApiTests.this.broker,
					"dlt-" + UUID.randomUUID(), false);
			props.put("auto.offset.reset", "earliest");
			try (Consumer<String, String> dlt = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
					new StringDeserializer())
				.createConsumer()) {
				dlt.subscribe(List.of(RECORDINGS + "-dlt"));
				List<String> poison = new ArrayList<>();
				long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
				while (poison.size() < 2 && System.nanoTime() < deadline) {
					for (ConsumerRecord<String, String> record : dlt.poll(Duration.ofMillis(200))) {
						if (id.equals(record.key())) {
							poison.add(record.value());
							assertThat(record.headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
						}
					}
				}
				assertThat(poison).containsExactly(garbage, ApiClient.json.writeValueAsString(noStart));
			}
		}

	}

	@Nested
	class Listing {

		@Test
		void shouldListTheChunksThatOverlapTheRangeAPageAtATime() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(60);
			for (int i = 0; i < 5; i++) {
				announce(id, closed(id, t0 + i * 60_000L, 30));
			}
			awaitCatalogued();
			String[] alice = RecordingApiTests.this.asAlice;
			ApiClient api = RecordingApiTests.this.api;

			// From the middle of the second chunk to the middle of the fourth.
			Response range = api
				.get(recordings(id) + "?from=" + iso(t0 + 90_000) + "&to=" + iso(t0 + 210_000) + "&size=2", alice);
			Response second = api.get(
					recordings(id) + "?from=" + iso(t0 + 90_000) + "&to=" + iso(t0 + 210_000) + "&size=2&page=1",
					alice);

			assertThat(range.status()).as(range.body()).isEqualTo(200);
			assertThat(ids(range.json())).containsExactly(Long.toString(t0 + 60_000), Long.toString(t0 + 120_000));
			assertThat(ids(second.json())).containsExactly(Long.toString(t0 + 180_000));
			assertThat(range.json().path("page").path("totalElements").asLong()).isEqualTo(3);
			assertThat(range.json().path("page").path("totalPages").asLong()).isEqualTo(2);
			assertThat(range.json().path("page").path("size").asLong()).isEqualTo(2);
		}

		@Test
		void shouldListTheLastDayWhenNoRangeIsGiven() {
			String id = addCamera(RecordingApiTests.this.alice);
			long old = minutesAgo(25 * 60);
			long recent = minutesAgo(60);
			announce(id, closed(id, old, 30));
			announce(id, closed(id, recent, 30));
			awaitCatalogued();

			Response list = RecordingApiTests.this.api.get(recordings(id), RecordingApiTests.this.asAlice);
			Response older = RecordingApiTests.this.api.get(
					recordings(id) + "?from=" + iso(old - 1000) + "&to=" + iso(old + 1000),
					RecordingApiTests.this.asAlice);

			assertThat(ids(list.json())).containsExactly(Long.toString(recent));
			assertThat(ids(older.json())).containsExactly(Long.toString(old));
			assertThat(ids(RecordingApiTests.this.api.get(recordings(id) + "?from=&to=", RecordingApiTests.this.asAlice)
				.json())).as("empty parameters are absent ones").containsExactly(Long.toString(recent));
		}

		@Test
		void shouldRefuseARangeWhenItIsMalformedReversedOrLongerThan31Days() {
			String id = addCamera(RecordingApiTests.this.alice);
			String[] alice = RecordingApiTests.this.asAlice;
			ApiClient api = RecordingApiTests.this.api;
			for (String route : List.of(recordings(id), recordings(id) + "/timeline")) {
				assertProblem(api.get(route + "?from=yesterday", alice), 400, "from");
				assertProblem(api.get(route + "?to=2026-13-01T00:00:00Z", alice), 400, "to");
				assertProblem(api.get(route + "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", alice), 400,
						"from");
				assertProblem(api.get(route + "?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:01Z", alice), 400,
						"from");
				assertProblem(api.get(route + "?from=%2B300000000-01-01T00:00:00Z", alice), 400, "from");
				assertThat(api.get(route + "?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z", alice).status())
					.as("exactly 31 days")
					.isEqualTo(200);
			}
		}

	}

	@Nested
	class Timeline {

		@Test
		void shouldMergeChunksIntoSpansWhenTheGapIsSmallAndSplitThemWhenItIsNot() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(10);
			// A, then B 1 s after A's end (one span), C 2 s after B's end (a new span),
			// then D still being written.
			announce(id, closed(id, t0, 30));
			announce(id, closed(id, t0 + 61_000, 30));
			announce(id, closed(id, t0 + 123_000, 30));
			announce(id, opened(id, t0 + 183_500));
			awaitCatalogued();

			long before = Instant.now().toEpochMilli();
			Response timeline = RecordingApiTests.this.api.get(recordings(id) + "/timeline?from=" + iso(t0 - 60_000),
					RecordingApiTests.this.asAlice);
			long after = Instant.now().toEpochMilli();

			assertThat(timeline.status()).as(timeline.body()).isEqualTo(200);
			JsonNode body = timeline.json();
			assertThat(body.path("cameraId").asString()).isEqualTo(id);
			assertThat(body.path("from").asString()).isEqualTo(iso(t0 - 60_000));
			JsonNode spans = body.path("spans");
			assertThat(spans.size()).as(body.toString()).isEqualTo(2);
			assertThat(spans.get(0).path("start").asString()).isEqualTo(iso(t0));
			assertThat(spans.get(0).path("end").asString()).isEqualTo(iso(t0 + 121_000));
			assertThat(spans.get(1).path("start").asString()).isEqualTo(iso(t0 + 123_000));
			long end = Instant.parse(spans.get(1).path("end").asString()).toEpochMilli();
			assertThat(end).as("the chunk being written reaches up to now").isBetween(before, after);
			assertThat(body.path("recordedMillis").asLong()).isEqualTo(121_000 + (end - t0 - 123_000));
		}

		@Test
		void shouldCutSpansToTheRangeAndAnswerNoSpansWhenNothingWasRecorded() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(10);
			announce(id, closed(id, t0, 30));
			awaitCatalogued();

			JsonNode cut = RecordingApiTests.this.api
				.get(recordings(id) + "/timeline?from=" + iso(t0 + 10_000) + "&to=" + iso(t0 + 20_000),
						RecordingApiTests.this.asAlice)
				.json();
			JsonNode empty = RecordingApiTests.this.api
				.get(recordings(id) + "/timeline?from=" + iso(t0 - 600_000) + "&to=" + iso(t0 - 1),
						RecordingApiTests.this.asAlice)
				.json();

			assertThat(cut.path("spans").get(0).path("start").asString()).isEqualTo(iso(t0 + 10_000));
			assertThat(cut.path("spans").get(0).path("end").asString()).isEqualTo(iso(t0 + 20_000));
			assertThat(cut.path("recordedMillis").asLong()).isEqualTo(10_000);
			assertThat(empty.path("spans").size()).isZero();
			assertThat(empty.path("recordedMillis").asLong()).isZero();
		}

	}

	@Nested
	class Playback {

		@Test
		void shouldAnswerAVodPlaylistOfTheClosedChunksByByteRangeWhenToIsGiven() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(10);
			long t1 = t0 + 4500;
			announce(id,
					closed(id, t0, 4000, 4000, List.of(Map.of("offset", 1000, "size", 1700, "durationMillis", 2000),
							Map.of("offset", 2700, "size", 1300, "durationMillis", 2000))));
			announce(id,
					closed(id, t1, 2345, 3000, List.of(Map.of("offset", 1000, "size", 2000, "durationMillis", 2345))));
			announce(id, opened(id, t1 + 3000));
			awaitCatalogued();

			String path = recordings(id) + "/playback.m3u8";
			Response playlist = RecordingApiTests.this.api.get(path + "?from=" + iso(t0) + "&to=" + iso(t0 + 60_000),
					RecordingApiTests.this.asAlice);

			assertThat(playlist.status()).as(playlist.body()).isEqualTo(200);
			assertThat(playlist.header("Content-Type")).startsWith(MPEGURL);
			assertThat(playlist.header("Cache-Control")).isEqualTo("no-cache");
			assertThat(playlist.body()).isEqualTo("#EXTM3U\n" + "#EXT-X-VERSION:7\n" + "#EXT-X-TARGETDURATION:3\n"
					+ "#EXT-X-MEDIA-SEQUENCE:0\n" + "#EXT-X-PLAYLIST-TYPE:VOD\n" + "#EXT-X-INDEPENDENT-SEGMENTS\n"
					+ "#EXT-X-MAP:URI=\"" + t0 + ".mp4\",BYTERANGE=\"1000@0\"\n" + "#EXT-X-PROGRAM-DATE-TIME:"
					+ millisIso(t0) + "\n" + "#EXTINF:2.000,\n" + "#EXT-X-BYTERANGE:1700@1000\n" + t0 + ".mp4\n"
					+ "#EXTINF:2.000,\n" + "#EXT-X-BYTERANGE:1300@2700\n" + t0 + ".mp4\n" + "#EXT-X-DISCONTINUITY\n"
					+ "#EXT-X-MAP:URI=\"" + t1 + ".mp4\",BYTERANGE=\"1000@0\"\n" + "#EXT-X-PROGRAM-DATE-TIME:"
					+ millisIso(t1) + "\n" + "#EXTINF:2.345,\n" + "#EXT-X-BYTERANGE:2000@1000\n" + t1 + ".mp4\n"
					+ "#EXT-X-ENDLIST\n");
			// The player resolves the chunks beside the playlist, where the gateway
			// serves them.
			assertThat(URI.create("http://gateway" + path).resolve(t0 + ".mp4").getPath())
				.isEqualTo(recordings(id) + "/" + t0 + ".mp4");
		}

		@Test
		void shouldAnswerAGrowingEventPlaylistWhenToIsAbsent() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(10);
			announce(id, closed(id, t0, 30));
			announce(id, closed(id, t0 + 60_500, 30));
			awaitCatalogued();

			// From the middle of the first chunk: its first segments are left out.
			Response playlist = RecordingApiTests.this.api
				.get(recordings(id) + "/playback.m3u8?from=" + iso(t0 + 30_000), RecordingApiTests.this.asAlice);

			assertThat(playlist.status()).as(playlist.body()).isEqualTo(200);
			String text = playlist.body();
			assertThat(text).contains("#EXT-X-PLAYLIST-TYPE:EVENT\n")
				.doesNotContain("#EXT-X-ENDLIST")
				.contains("#EXT-X-PROGRAM-DATE-TIME:" + millisIso(t0 + 30_000) + "\n")
				.contains("#EXT-X-PROGRAM-DATE-TIME:" + millisIso(t0 + 60_500) + "\n")
				.contains("#EXT-X-BYTERANGE:100000@1501000\n");
			assertThat(text.substring(0, text.indexOf("#EXT-X-DISCONTINUITY")))
				.as("the first chunk's segments before from")
				.doesNotContain("#EXT-X-BYTERANGE:100000@1401000\n")
				.doesNotContain("#EXT-X-BYTERANGE:100000@1000\n");
			assertThat(text.lines().filter((line) -> line.startsWith("#EXTINF:"))).hasSize(15 + 30);
			assertThat(text.lines().filter("#EXT-X-DISCONTINUITY"::equals)).hasSize(1);
		}

		@Test
		void shouldAnswerNotFoundWhenNoClosedChunkIsInTheRange() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(10);
			announce(id, opened(id, t0));
			awaitCatalogued();

			Response playlist = RecordingApiTests.this.api.get(recordings(id) + "/playback.m3u8?from=" + iso(t0),
					RecordingApiTests.this.asAlice);

			assertProblem(playlist, 404, null);
			assertThat(playlist.json().path("detail").asString()).isEqualTo("no recordings in this range");
		}

		@Test
		void shouldPlayBySignedUrlWhatTheTimelineAndTheListHandOutAndNothingElse() {
			String id = addCamera(RecordingApiTests.this.alice);
			String bobs = addCamera(RecordingApiTests.this.bob);
			long t0 = minutesAgo(10);
			announce(id, closed(id, t0, 30));
			awaitCatalogued();
			ApiClient api = RecordingApiTests.this.api;
			String range = "?from=" + iso(t0 - 1000) + "&to=" + iso(t0 + 60_000);

			JsonNode timeline = api.get(recordings(id) + "/timeline" + range, RecordingApiTests.this.asAlice).json();
			String folder = timeline.path("recordingsUrl").asString();
			JsonNode listed = api.get(recordings(id) + range, RecordingApiTests.this.asAlice)
				.json()
				.path("content")
				.path(0);
			Response signed = api.get(timeline.path("playbackUrl").asString());

			assertThat(folder).matches("/recordings/" + id + "/r2\\.[0-9]+\\." + RecordingApiTests.this.alice.id()
					+ "\\.[A-Za-z0-9_-]{43}");
			assertThat(timeline.path("playbackUrl").asString()).isEqualTo(folder + "/playback.m3u8" + range);
			assertThat(timeline.path("exportUrl").asString()).isEqualTo(folder + "/export.mp4" + range);
			// Signed a moment apart, so their expiry may differ by a second.
			String signedFolder = "/recordings/" + id + "/r2\\.[0-9]+\\." + RecordingApiTests.this.alice.id()
					+ "\\.[A-Za-z0-9_-]{43}";
			assertThat(listed.path("url").asString()).matches(signedFolder + "/" + t0 + "\\.mp4");
			assertThat(listed.path("thumbnailUrl").asString()).matches(signedFolder + "/" + t0 + "/thumbnail\\.jpg");
			assertThat(signed.status()).as(signed.body()).isEqualTo(200);
			assertThat(signed.header("Content-Type")).startsWith(MPEGURL);
			assertThat(signed.body())
				.isEqualTo(api.get(recordings(id) + "/playback.m3u8" + range, RecordingApiTests.this.asAlice).body());
			// The token is the camera's: it opens neither another camera nor an altered
			// one; a live URL's token opens no recordings.
			String token = folder.substring(folder.lastIndexOf('/') + 1);
			assertProblem(api.get("/recordings/" + bobs + "/" + token + "/playback.m3u8" + range), 404, null);
			// Altered in a character of the signature that carries all six bits, whatever
			// it was.
			int at = folder.length() - 10;
			String altered = folder.substring(0, at) + ((folder.charAt(at) == 'A') ? 'B' : 'A')
					+ folder.substring(at + 1);
			assertProblem(api.get(altered + "/playback.m3u8" + range), 404, null);
			assertProblem(api.get("/recordings/" + id + "/" + token.replace("r2.", "v2.") + "/playback.m3u8" + range),
					404, null);
			// A timeline longer than one playlist hands out the folder only.
			JsonNode month = api
				.get(recordings(id) + "/timeline?from=" + iso(t0 - 86_400_000L * 2) + "&to=" + iso(t0),
						RecordingApiTests.this.asAlice)
				.json();
			assertThat(month.path("recordingsUrl").asString()).startsWith("/recordings/" + id + "/r2.");
			assertThat(month.path("playbackUrl").isNull()).isTrue();
		}

		@Test
		void shouldRefuseARangeWhenFromIsMissingOrItIsLongerThanADay() {
			String id = addCamera(RecordingApiTests.this.alice);
			String path = recordings(id) + "/playback.m3u8";
			String[] alice = RecordingApiTests.this.asAlice;

			assertProblem(RecordingApiTests.this.api.get(path, alice), 400, "from");
			assertProblem(RecordingApiTests.this.api.get(path + "?from=now", alice), 400, "from");
			assertProblem(
					RecordingApiTests.this.api.get(path + "?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:01Z", alice),
					400, "from");
		}

	}

	@Nested
	class Deletion {

		@Test
		void shouldRemoveAClosedRecordingAndTellTheWorkersWhenTheOwnerDeletesIt() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(10);
			announce(id, closed(id, t0, 30));
			announce(id, closed(id, t0 + 60_000, 30));
			awaitCatalogued();

			try (Consumer<String, String> deletions = consumer("camera.recording-deletions")) {
				Response deleted = RecordingApiTests.this.api.delete(recordings(id) + "/" + t0,
						RecordingApiTests.this.asAlice);

				assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
				JsonNode message = ApiClient.json.readTree(next(deletions, id, (record) -> true).value());
				assertThat(message.path("cameraId").asString()).isEqualTo(id);
				assertThat(message.path("startMillis").asLong()).isEqualTo(t0);
			}
			assertThat(ids(RecordingApiTests.this.api.get(recordings(id), RecordingApiTests.this.asAlice).json()))
				.containsExactly(Long.toString(t0 + 60_000));
			// The worker's DELETED that follows changes nothing.
			announce(id, deleted(id, t0));
			awaitCatalogued();
			assertThat(catalogued(id)).isEqualTo(1);
		}

		@Test
		void shouldRefuseARecordingBeingWrittenAndAnswerNotFoundForUnknownOnes() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(10);
			announce(id, opened(id, t0));
			awaitCatalogued();
			String[] alice = RecordingApiTests.this.asAlice;
			ApiClient api = RecordingApiTests.this.api;

			Response open = api.delete(recordings(id) + "/" + t0, alice);

			assertProblem(open, 409, null);
			assertThat(open.json().path("detail").asString()).contains("still being written");
			assertThat(catalogued(id)).isEqualTo(1);
			assertProblem(api.delete(recordings(id) + "/" + (t0 + 1), alice), 404, null);
			assertProblem(api.delete(recordings(id) + "/abc", alice), 404, null);
			assertProblem(api.delete(recordings(id) + "/12345678901234567890123", alice), 404, null);
		}

		@Test
		void shouldNotServeARecordingsFileWhenAskedForIt() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(10);
			announce(id, closed(id, t0, 30));
			awaitCatalogued();

			// The gateway serves the files from the storage; what reaches camera-service
			// names no file it has (it was 405 "Method 'GET' is not supported").
			Response file = RecordingApiTests.this.api.get(recordings(id) + "/" + t0, RecordingApiTests.this.asAlice);
			assertThat(file.status()).isEqualTo(404);
			assertThat(file.header("Content-Type")).isEqualTo("application/problem+json");
		}

	}

	@Nested
	class Retention {

		@Test
		void shouldReportWhatTheRecordingsTakeAndHowManyDaysFitWhenLimitsAreSet() {
			String id = addCamera(RecordingApiTests.this.alice);
			long old = minutesAgo(3 * 24 * 60);
			announce(id, closed(id, old, 60_000, 1_000_000, List.of()));
			long t0 = minutesAgo(30);
			for (int i = 0; i < 11; i++) {
				announce(id, closed(id, t0 + i * 60_000L, 60_000, 6_000_000, List.of()));
			}
			long open = t0 + 11 * 60_000L;
			announce(id, opened(id, open));
			awaitCatalogued();
			String path = "/api/v1/cameras/" + id + "/retention";

			JsonNode unlimited = RecordingApiTests.this.api.get(path, RecordingApiTests.this.asAlice).json();
			Response limited = put(path, Map.of("maxAgeDays", 30, "maxBytes", 17_280_000_000L),
					RecordingApiTests.this.asAlice);

			assertThat(unlimited.path("cameraId").asString()).isEqualTo(id);
			assertThat(unlimited.path("maxAgeDays").isNull()).isTrue();
			assertThat(unlimited.path("maxBytes").isNull()).isTrue();
			assertThat(unlimited.path("usedBytes").asLong()).isEqualTo(67_000_000);
			assertThat(unlimited.path("recordings").asLong()).isEqualTo(13);
			assertThat(unlimited.path("oldest").asString()).isEqualTo(iso(old));
			assertThat(unlimited.path("newest").asString()).isEqualTo(iso(open));
			// 66 MB in 11 minutes of the last day: 8.64 GB a day.
			assertThat(unlimited.path("bytesPerDay").asLong()).isEqualTo(8_640_000_000L);
			assertThat(unlimited.path("daysThatFit").isNull()).isTrue();
			assertThat(limited.status()).as(limited.body()).isEqualTo(200);
			assertThat(limited.json().path("maxAgeDays").asInt()).isEqualTo(30);
			assertThat(limited.json().path("maxBytes").asLong()).isEqualTo(17_280_000_000L);
			assertThat(limited.json().path("daysThatFit").asDouble()).isEqualTo(2.0);
			assertThat(limited.json().path("usedBytes").asLong()).isEqualTo(67_000_000);
			assertThat(RecordingApiTests.this.api.get(path, RecordingApiTests.this.asAlice).json())
				.isEqualTo(limited.json());
		}

		@Test
		void shouldNotEstimateADayWhenLessThanTenMinutesWereRecorded() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(30);
			for (int i = 0; i < 9; i++) {
				announce(id, closed(id, t0 + i * 60_000L, 60_000, 6_000_000, List.of()));
			}
			awaitCatalogued();
			String path = "/api/v1/cameras/" + id + "/retention";
			put(path, Map.of("maxBytes", 10_000_000_000L), RecordingApiTests.this.asAlice);

			JsonNode retention = RecordingApiTests.this.api.get(path, RecordingApiTests.this.asAlice).json();

			assertThat(retention.path("recordings").asLong()).isEqualTo(9);
			assertThat(retention.path("maxBytes").asLong()).isEqualTo(10_000_000_000L);
			assertThat(retention.path("bytesPerDay").isNull()).as(retention.toString()).isTrue();
			assertThat(retention.path("daysThatFit").isNull()).isTrue();
		}

		@Test
		void shouldPublishTheLimitsWithTheDesiredStateWhenTheyChange() {
			String id = addCamera(RecordingApiTests.this.alice);
			String path = "/api/v1/cameras/" + id + "/retention";
			try (Consumer<String, String> commands = consumer("camera.commands")) {
				long before = RecordingApiTests.this.mongoTemplate.findById(id, Document.class, "cameras")
					.getLong("generation");

				assertThat(
						put(path, Map.of("maxAgeDays", 7, "maxBytes", 5_000_000_000L), RecordingApiTests.this.asAlice)
							.status())
					.isEqualTo(200);
				JsonNode command = ApiClient.json.readTree(next(commands, id,
						(record) -> record.value() != null && record.value().contains("\"retentionMaxAgeDays\":7"))
					.value());

				assertThat(command.path("retentionMaxBytes").asLong()).isEqualTo(5_000_000_000L);
				assertThat(command.path("generation").asLong()).isGreaterThan(before);
				long generation = RecordingApiTests.this.mongoTemplate.findById(id, Document.class, "cameras")
					.getLong("generation");
				assertThat(command.path("generation").asLong()).isEqualTo(generation);

				put(path, Map.of("maxAgeDays", 7, "maxBytes", 5_000_000_000L), RecordingApiTests.this.asAlice);
				assertThat(RecordingApiTests.this.mongoTemplate.findById(id, Document.class, "cameras")
					.getLong("generation")).as("the same limits again change nothing").isEqualTo(generation);

				Response lifted = put(path, Map.of(), RecordingApiTests.this.asAlice);
				assertThat(lifted.json().path("maxAgeDays").isNull()).isTrue();
				JsonNode unlimited = ApiClient.json.readTree(next(commands, id,
						(record) -> record.value() != null
								&& ApiClient.json.readTree(record.value()).path("generation").asLong() > generation)
					.value());
				assertThat(unlimited.path("retentionMaxAgeDays").isNull()).as(unlimited.toString()).isTrue();
				assertThat(unlimited.path("retentionMaxBytes").isNull()).isTrue();
			}
		}

		@Test
		void shouldRefuseLimitsWhenTheyAreOutOfRangeOrNotNumbers() {
			String id = addCamera(RecordingApiTests.this.alice);
			String path = "/api/v1/cameras/" + id + "/retention";
			String[] alice = RecordingApiTests.this.asAlice;

			assertProblem(put(path, Map.of("maxAgeDays", 0), alice), 400, "maxAgeDays");
			assertProblem(put(path, Map.of("maxAgeDays", 3651), alice), 400, "maxAgeDays");
			assertProblem(put(path, Map.of("maxBytes", 1_048_575), alice), 400, "maxBytes");
			for (String body : List.of("{\"maxAgeDays\":\"7\"}", "{\"maxBytes\":\"big\"}", "{\"maxAgeDays\":7.5}",
					"{not json", "[7]")) {
				Response refused = put(path, body, alice);
				assertProblem(refused, 400, null);
			}
			assertThat(put(path, Map.of("maxAgeDays", 3650, "maxBytes", 1_048_576), alice).status()).isEqualTo(200);
			Document stored = RecordingApiTests.this.mongoTemplate.findById(id, Document.class, "cameras");
			assertThat(stored.getInteger("retentionMaxAgeDays")).isEqualTo(3650);
		}

	}

	@Nested
	class Access {

		@Test
		void shouldAnswerNotFoundOnEveryRecordingRouteWhenTheCameraIsSomeoneElses() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(10);
			announce(id, closed(id, t0, 30));
			awaitCatalogued();
			String[] bob = RecordingApiTests.this.asBob;
			ApiClient api = RecordingApiTests.this.api;
			String range = "?from=" + iso(t0) + "&to=" + iso(t0 + 60_000);

			for (Response refused : List.of(api.get(recordings(id), bob), api.get(recordings(id) + "/timeline", bob),
					api.get(recordings(id) + "/playback.m3u8" + range, bob), api.delete(recordings(id) + "/" + t0, bob),
					api.delete(recordings(id) + "/abc", bob), api.get("/api/v1/cameras/" + id + "/retention", bob),
					put("/api/v1/cameras/" + id + "/retention", Map.of("maxAgeDays", 1), bob))) {
				assertProblem(refused, 404, null);
				assertThat(refused.json().path("detail").asString()).startsWith("no camera");
			}
			assertThat(catalogued(id)).isEqualTo(1);
			assertThat(api.get("/api/v1/cameras/" + id + "/retention", RecordingApiTests.this.asAlice)
				.json()
				.path("maxAgeDays")
				.isNull()).isTrue();
		}

		@Test
		void shouldLetAViewerWatchButNeitherDeleteNorSetTheRetention() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(10);
			announce(id, closed(id, t0, 30));
			awaitCatalogued();
			share(id, RecordingApiTests.this.bob, "viewer");
			String[] bob = RecordingApiTests.this.asBob;
			ApiClient api = RecordingApiTests.this.api;

			assertThat(ids(api.get(recordings(id), bob).json())).containsExactly(Long.toString(t0));
			assertThat(api.get(recordings(id) + "/timeline", bob).json().path("spans").size()).isEqualTo(1);
			assertThat(api.get(recordings(id) + "/playback.m3u8?from=" + iso(t0), bob).body())
				.contains("#EXT-X-MAP:URI=\"" + t0 + ".mp4\"");
			assertThat(api.get("/api/v1/cameras/" + id + "/retention", bob).json().path("recordings").asLong())
				.isEqualTo(1);
			assertProblem(api.delete(recordings(id) + "/" + t0, bob), 403, null);
			assertProblem(put("/api/v1/cameras/" + id + "/retention", Map.of("maxAgeDays", 1), bob), 403, null);

			share(id, RecordingApiTests.this.bob, "operator");
			assertProblem(api.delete(recordings(id) + "/" + t0, bob), 403, null);
			assertProblem(put("/api/v1/cameras/" + id + "/retention", Map.of("maxAgeDays", 1), bob), 403, null);
			assertThat(catalogued(id)).isEqualTo(1);
		}

		@Test
		void shouldAskForATokenOnEveryRecordingRoute() {
			String id = addCamera(RecordingApiTests.this.alice);
			ApiClient api = RecordingApiTests.this.api;

			assertThat(api.get(recordings(id)).status()).isEqualTo(401);
			assertThat(api.get(recordings(id) + "/playback.m3u8?from=2026-01-01T00:00:00Z").status()).isEqualTo(401);
			assertThat(api.delete(recordings(id) + "/1").status()).isEqualTo(401);
			assertThat(put("/api/v1/cameras/" + id + "/retention", Map.of()).status()).isEqualTo(401);
		}

	}

	@Nested
	class RecordingStatus {

		@Test
		void shouldShowTheWorkersRecordingStateAndErrorWhenItReportsThem() {
			String id = addCamera(RecordingApiTests.this.alice);
			String[] alice = RecordingApiTests.this.asAlice;
			JsonNode fresh = RecordingApiTests.this.api.get("/api/v1/cameras/" + id, alice).json();
			assertThat(fresh.path("recordingStatus").asString()).isEqualTo("OFF");
			assertThat(fresh.path("recordingError").isNull()).isTrue();

			RecordingApiTests.this.kafka.send("camera.status", id,
					"{\"cameraId\":\"" + id + "\",\"state\":\"LIVE\",\"recording\":false,\"recordingState\":\"FAILED\","
							+ "\"recordingError\":\"the recordings folder is full: free space or lower the retention\","
							+ "\"generation\":1,\"workerId\":\"w1\",\"at\":\"2026-01-01T00:00:00Z\"}");
			await().atMost(Duration.ofSeconds(15))
				.until(() -> "FAILED".equals(RecordingApiTests.this.api.get("/api/v1/cameras/" + id, alice)
					.json()
					.path("recordingStatus")
					.asString()));
			JsonNode failed = RecordingApiTests.this.api.get("/api/v1/cameras/" + id, alice).json();
			assertThat(failed.path("recordingError").asString()).startsWith("the recordings folder is full");
			assertThat(failed.path("status").asString()).isEqualTo("LIVE");

			// A worker that predates the field says only whether it records.
			RecordingApiTests.this.kafka.send("camera.status", id, "{\"cameraId\":\"" + id
					+ "\",\"state\":\"LIVE\",\"recording\":true,\"generation\":2,\"workerId\":\"w1\"}");
			await().atMost(Duration.ofSeconds(15))
				.until(() -> "ON".equals(RecordingApiTests.this.api.get("/api/v1/cameras/" + id, alice)
					.json()
					.path("recordingStatus")
					.asString()));
			assertThat(RecordingApiTests.this.api.get("/cameras", alice)
				.json()
				.findValues("recordingStatus")
				.stream()
				.map(JsonNode::asString)
				.collect(Collectors.toList())).contains("ON");
		}

	}

	@Nested
	class Documentation {

		@Test
		void shouldDocumentTheRecordingRoutesAndTheFilesTheGatewayServes() {
			JsonNode paths = RecordingApiTests.this.api.get("/v3/api-docs").json().path("paths");
			String base = "/api/v1/cameras/{id}";

			assertThat(paths.path(base + "/recordings").has("get")).isTrue();
			assertThat(paths.path(base + "/recordings/timeline").has("get")).isTrue();
			assertThat(paths.path(base + "/recordings/playback.m3u8")
				.path("get")
				.path("responses")
				.path("200")
				.path("content")
				.has(MPEGURL)).isTrue();
			assertThat(paths.path(base + "/recordings/{recordingId}").has("delete")).isTrue();
			// The chunk file is the gateway's (from the storage), documented as such.
			assertThat(paths.path(base + "/recordings/{recordingId}").path("get").path("x-served-by").asString())
				.isEqualTo("api-gateway");
			assertThat(paths.path(base + "/retention").has("get")).isTrue();
			assertThat(paths.path(base + "/retention").has("put")).isTrue();
		}

	}

	@Nested
	class Scale {

		static final int CHUNKS = 43_200;

		@Test
		void shouldMergeAMonthOfOneMinuteChunksIntoItsSpansWhenTheCatalogueHoldsThemAll() {
			String id = addCamera(RecordingApiTests.this.alice);
			long t0 = minutesAgo(CHUNKS + 5);
			// One-minute chunks 500 ms apart (one span), except: an hour missing after
			// chunk 10,000, and chunk 30,000 starting 2.1 s after its predecessor's end.
			List<Document> documents = new ArrayList<>(CHUNKS);
			for (int i = 0; i < CHUNKS; i++) {
				if (i >= 10_000 && i < 10_060) {
					continue;
				}
				long start = t0 + i * 60_000L + ((i == 30_000) ? 1600 : 0);
				long end = t0 + i * 60_000L + 59_500;
				List<Document> segments = new ArrayList<>();
				for (int s = 0; s < 30; s++) {
					segments.add(new Document("offset", 1000L + s * 100_000L).append("size", 100_000L)
						.append("durationMillis", 2000L));
				}
				documents.add(new Document("_id", id + ":" + start).append("cameraId", id)
					.append("startMillis", start)
					.append("endMillis", end)
					.append("durationMillis", end - start)
					.append("bytes", 3_001_000L)
					.append("codec", "h264")
					.append("complete", true)
					.append("recovered", false)
					.append("initSize", 1000L)
					.append("segments", segments)
					.append("path", "recordings/" + id + "/" + start + ".mp4")
					.append("workerId", "worker-1"));
			}
			long inserting = System.nanoTime();
			for (int from = 0; from < documents.size(); from += 5000) {
				RecordingApiTests.this.mongoTemplate.getCollection("recordings")
					.insertMany(documents.subList(from, Math.min(documents.size(), from + 5000)));
			}
			long inserted = System.nanoTime();
			try {
				String range = "?from=" + iso(t0) + "&to=" + iso(t0 + 30L * 24 * 3600 * 1000);
				long listing = System.nanoTime();
				Response page = RecordingApiTests.this.api.get(recordings(id) + range + "&size=50",
						RecordingApiTests.this.asAlice);
				long listed = System.nanoTime();
				Response timeline = RecordingApiTests.this.api.get(recordings(id) + "/timeline" + range,
						RecordingApiTests.this.asAlice);
				long drawn = System.nanoTime();
				// An hour in the past, three weeks back: the playlist a player starts
				// from.
				long hour = t0 + 20_000 * 60_000L;
				Response playlist = RecordingApiTests.this.api.get(
						recordings(id) + "/playback.m3u8?from=" + iso(hour) + "&to=" + iso(hour + 3_600_000),
						RecordingApiTests.this.asAlice);
				long playable = System.nanoTime();

				System.out.printf(
						"Recordings at scale (%d one-minute chunks, MongoDB stand-in): insert %d ms, first page of the "
								+ "list %d ms, 30-day timeline %d ms (%d bytes), playlist of an hour three weeks back "
								+ "%d ms (%d bytes)%n",
						documents.size(), (inserted - inserting) / 1_000_000, (listed - listing) / 1_000_000,
						(drawn - listed) / 1_000_000, timeline.body().length(), (playable - drawn) / 1_000_000,
						playlist.body().length());
				assertThat(playlist.status()).as(playlist.body()).isEqualTo(200);
				assertThat(playlist.body().split("#EXT-X-MAP:", -1)).hasSizeBetween(60 + 1, 61 + 1);
				assertThat(page.status()).as(page.body()).isEqualTo(200);
				assertThat(ids(page.json())).hasSize(50).startsWith(Long.toString(t0));
				assertThat(page.json().path("page").path("totalElements").asLong()).isEqualTo(CHUNKS - 60);
				assertThat(timeline.status()).as(timeline.body()).isEqualTo(200);
				JsonNode spans = timeline.json().path("spans");
				assertThat(spans.size()).as(spans.toString()).isEqualTo(3);
				assertThat(spans.get(0).path("start").asString()).isEqualTo(iso(t0));
				assertThat(spans.get(0).path("end").asString()).isEqualTo(iso(t0 + 9_999 * 60_000L + 59_500));
				assertThat(spans.get(1).path("start").asString()).isEqualTo(iso(t0 + 10_060 * 60_000L));
				assertThat(spans.get(1).path("end").asString()).isEqualTo(iso(t0 + 29_999 * 60_000L + 59_500));
				assertThat(spans.get(2).path("start").asString()).isEqualTo(iso(t0 + 30_000 * 60_000L + 1600));
				assertThat(spans.get(2).path("end").asString()).isEqualTo(iso(t0 + (CHUNKS - 1) * 60_000L + 59_500));
			}
			finally {
				RecordingApiTests.this.mongoTemplate.remove(Query.query(Criteria.where("cameraId").is(id)),
						"recordings");
			}
		}

	}

	static String millisIso(long millis) {
		String text = Instant.ofEpochMilli(millis).toString();
		// Instant.toString leaves out zero milliseconds; the playlist always has them.
		return (millis % 1000 == 0) ? text.replace("Z", ".000Z") : text;
	}

}
