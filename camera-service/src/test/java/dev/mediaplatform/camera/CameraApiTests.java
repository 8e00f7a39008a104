package dev.mediaplatform.camera;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.EmbeddedMongo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.mediaplatform.localstack.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The camera API over HTTP with two users, on the MongoDB stand-in, an embedded Kafka
 * broker and a stand-in auth-service: every route checked for who may use it, credentials
 * never leaking, and the commands on Kafka.
 */
@EmbeddedKafka(partitions = 1, topics = "account.deletions")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
class CameraApiTests {

	static final EmbeddedMongo mongo = EmbeddedMongo.startInMemory();

	static final String URL = "rtsp://admin:s3cret-pass@camera.example:554/stream1";

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

	static final int socketIoPort = dev.mediaplatform.localstack.PortGuard.freePort();

	@DynamicPropertySource
	static void stores(DynamicPropertyRegistry registry) {
		registry.add("camera.realtime.port", () -> socketIoPort);
		registry.add("spring.mongodb.uri", () -> mongo.connectionString("cameras-api-test"));
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
	}

	String addCamera(TestAuthService.User owner) {
		Response added = this.api.post("/addCamera", Map.of("name", "Porch", "rtspUrl", URL), bearer(owner.token()));
		assertThat(added.status()).as(added.body()).isEqualTo(200);
		return added.json().path("id").asString();
	}

	Response share(String cameraId, TestAuthService.User owner, TestAuthService.User with, String role) {
		return this.api.post("/shareCamera", Map.of("cameraId", cameraId, "username", with.username(), "role", role),
				bearer(owner.token()));
	}

	/** A consumer of the commands topic that sees what is published from now on. */
	Consumer<String, String> commandsConsumer() {
		return consumer("camera.commands");
	}

	/** A consumer of a topic that sees what is published from now on. */
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

	/** PATCH, which {@link ApiClient} does not speak. */
	Response patch(String path, Object body, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(ApiClient.json.writeValueAsString(body)));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(request.build(), HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), response.body(), response);
	}

	/**
	 * The commands of one camera, read until one matches {@code last} (which is the last
	 * of the list).
	 */
	static List<JsonNode> commandsUntil(Consumer<String, String> consumer, String id, Predicate<JsonNode> last) {
		List<JsonNode> found = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(200));
			for (TopicPartition partition : batch.partitions()) {
				for (ConsumerRecord<String, String> record : batch.records(partition)) {
					if (id.equals(record.key()) && record.value() != null) {
						JsonNode command = ApiClient.json.readTree(record.value());
						found.add(command);
						if (last.test(command)) {
							// What this batch holds after the match is read again by the
							// next call:
							// another camera's command may be in it.
							consumer.seek(partition, record.offset() + 1);
							batch.partitions()
								.stream()
								.filter((other) -> !other.equals(partition))
								.forEach((other) -> consumer.seek(other, batch.records(other).get(0).offset()));
							return found;
						}
					}
				}
			}
		}
		throw new AssertionError("no such command for camera " + id + " within 20 s; saw " + found);
	}

	Document stored(String id) {
		return this.mongoTemplate.findById(id, Document.class, "cameras");
	}

	/**
	 * {@code /streams/{id}/v2.<expires>.<user>.<signature>/index.m3u8}, valid for about
	 * an hour, handed to {@code userId}, signed with the key the gateway will check it
	 * with.
	 */
	static void assertSignedStreamUrl(String url, String id, String userId) {
		Matcher matcher = Pattern
			.compile("/streams/" + id + "/v2\\.(\\d+)\\." + userId + "\\.([A-Za-z0-9_-]{43})/index\\.m3u8")
			.matcher(url);
		assertThat(matcher.matches()).as(url).isTrue();
		long expires = Long.parseLong(matcher.group(1));
		assertThat(expires - Instant.now().getEpochSecond()).isBetween(3500L, 3601L);
		try {
			byte[] key = Base64.getDecoder()
				.decode(Files.readString(Path.of("target/test-stream-url.key"), StandardCharsets.US_ASCII).trim());
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			byte[] expected = mac
				.doFinal(("v2:" + id + ":" + expires + ":" + userId).getBytes(StandardCharsets.US_ASCII));
			assertThat(Base64.getUrlDecoder().decode(matcher.group(2))).isEqualTo(expected);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new AssertionError(ex);
		}
	}

	@Nested
	class Access {

		@Test
		void shouldHideAnotherUsersCameraOnEveryRoute() {
			String id = addCamera(CameraApiTests.this.alice);
			String[] bob = bearer(CameraApiTests.this.bob.token());
			ApiClient api = CameraApiTests.this.api;

			assertThat(api.get("/cameras", bob).json().size()).isZero();
			assertThat(api.get("/api/v1/cameras", bob).json().path("content").size()).isZero();
			Map<String, String> ref = Map.of("cameraId", id);
			for (String path : List.of("/deleteCamera", "/startStream", "/stopStream", "/recordStream")) {
				assertThat(api.post(path, ref, bob).status()).as(path).isEqualTo(404);
			}
			assertThat(api.post("/shareCamera", Map.of("cameraId", id, "username", "x"), bob).status()).isEqualTo(404);
			for (String path : List.of("", "/shares", "/stream", "/recording")) {
				assertThat(api.get("/api/v1/cameras/" + id + path, bob).status()).as(path).isEqualTo(404);
			}
			assertThat(api.delete("/api/v1/cameras/" + id, bob).status()).isEqualTo(404);
			assertThat(api.get("/api/v1/cameras/" + id, bearer(CameraApiTests.this.alice.token())).status())
				.isEqualTo(200);
		}

		@Test
		void shouldLetAViewerWatchButNotOperateAndAnOperatorOperateButNotOwn() {
			String id = addCamera(CameraApiTests.this.alice);
			String[] bob = bearer(CameraApiTests.this.bob.token());
			ApiClient api = CameraApiTests.this.api;
			Map<String, String> ref = Map.of("cameraId", id);

			assertThat(share(id, CameraApiTests.this.alice, CameraApiTests.this.bob, "viewer").status()).isEqualTo(200);
			assertThat(api.get("/cameras", bob).json().get(0).path("role").asString()).isEqualTo("viewer");
			assertThat(api.post("/startStream", ref, bob).status()).isEqualTo(403);
			assertThat(api.post("/recordStream", ref, bob).status()).isEqualTo(403);

			assertThat(share(id, CameraApiTests.this.alice, CameraApiTests.this.bob, "operator").status())
				.isEqualTo(200);
			Response started = api.post("/startStream", ref, bob);
			assertThat(started.status()).isEqualTo(200);
			assertThat(started.json().path("success").asBoolean()).isTrue();
			assertSignedStreamUrl(started.json().path("streamUrl").asString(), id, CameraApiTests.this.bob.id());
			assertThat(api.post("/stopStream", ref, bob).json().path("success").asBoolean()).isTrue();
			assertThat(api.post("/recordStream", Map.of("cameraId", id, "enabled", true), bob)
				.json()
				.path("recording")
				.asBoolean()).isTrue();

			assertThat(api.post("/deleteCamera", ref, bob).status()).isEqualTo(403);
			assertThat(api.post("/shareCamera", Map.of("cameraId", id, "username", "x"), bob).status()).isEqualTo(403);
			assertThat(api.get("/api/v1/cameras/" + id + "/shares", bob).status()).isEqualTo(403);
			assertThat(api.post("/deleteCamera", ref, bearer(CameraApiTests.this.alice.token()))
				.json()
				.path("success")
				.asBoolean()).isTrue();
			assertThat(api.get("/cameras", bob).json().size()).isZero();
		}

		@Test
		void shouldGiveAViewerASignedStreamUrlAndAStrangerNone() {
			String id = addCamera(CameraApiTests.this.alice);
			ApiClient api = CameraApiTests.this.api;
			assertThat(api.get("/api/v1/cameras/" + id + "/stream", bearer(CameraApiTests.this.bob.token())).status())
				.isEqualTo(404);

			share(id, CameraApiTests.this.alice, CameraApiTests.this.bob, "viewer");
			Response stream = api.get("/api/v1/cameras/" + id + "/stream", bearer(CameraApiTests.this.bob.token()));

			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.json().path("streaming").asBoolean()).isFalse();
			assertSignedStreamUrl(stream.json().path("streamUrl").asString(), id, CameraApiTests.this.bob.id());
		}

		@Test
		void shouldStopASignedUrlWorkingWhenItsUserLosesTheCamera() {
			String id = addCamera(CameraApiTests.this.alice);
			String other = addCamera(CameraApiTests.this.alice);
			ApiClient api = CameraApiTests.this.api;
			share(id, CameraApiTests.this.alice, CameraApiTests.this.bob, "viewer");
			String bobs = api.get("/api/v1/cameras/" + id + "/stream", bearer(CameraApiTests.this.bob.token()))
				.json()
				.path("streamUrl")
				.asString()
				.split("/")[3];
			String alices = api.get("/api/v1/cameras/" + id + "/stream", bearer(CameraApiTests.this.alice.token()))
				.json()
				.path("streamUrl")
				.asString()
				.split("/")[3];
			String check = "/internal/v1/signed-urls/" + id + "/";

			assertThat(api.get(check + bobs).status()).isEqualTo(204);
			assertThat(api.get("/internal/v1/signed-urls/" + other + "/" + bobs).status()).isEqualTo(404);
			assertThat(api.get(check + bobs.substring(0, bobs.length() - 2) + "AA").status()).isEqualTo(404);

			api.delete("/api/v1/cameras/" + id + "/shares/" + CameraApiTests.this.bob.id(),
					bearer(CameraApiTests.this.alice.token()));

			assertThat(api.get(check + bobs).status()).as("bob was removed").isEqualTo(404);
			assertThat(api.get(check + alices).status()).as("the owner's URL is unaffected").isEqualTo(204);
			api.post("/deleteCamera", Map.of("cameraId", id), bearer(CameraApiTests.this.alice.token()));
			assertThat(api.get(check + alices).status()).as("the camera is gone").isEqualTo(404);
		}

		@Test
		void shouldLetAUserGiveUpASharedCameraAndTheOwnerRevokeIt() {
			String id = addCamera(CameraApiTests.this.alice);
			share(id, CameraApiTests.this.alice, CameraApiTests.this.bob, "viewer");
			String[] bob = bearer(CameraApiTests.this.bob.token());

			assertThat(CameraApiTests.this.api
				.delete("/api/v1/cameras/" + id + "/shares/" + CameraApiTests.this.bob.id(), bob)
				.status()).isEqualTo(204);
			assertThat(CameraApiTests.this.api.get("/api/v1/cameras/" + id, bob).status()).isEqualTo(404);
		}

		@Test
		void shouldNotTrustForgedIdentityHeadersWithoutAToken() {
			addCamera(CameraApiTests.this.alice);
			Response forged = CameraApiTests.this.api.get("/cameras", "X-User-Id", CameraApiTests.this.alice.id(),
					"X-User-Name", CameraApiTests.this.alice.username());

			assertThat(forged.status()).isEqualTo(401);
			assertThat(forged.header("WWW-Authenticate")).startsWith("Bearer");
			assertThat(forged.header("Content-Type")).isEqualTo("application/problem+json");
		}

	}

	@Nested
	class Credentials {

		@Test
		void shouldShowTheOwnerAMaskedPasswordAndOthersNoCredentials() {
			String id = addCamera(CameraApiTests.this.alice);
			share(id, CameraApiTests.this.alice, CameraApiTests.this.bob, "operator");

			Response owner = CameraApiTests.this.api.get("/api/v1/cameras/" + id,
					bearer(CameraApiTests.this.alice.token()));
			Response operator = CameraApiTests.this.api.get("/api/v1/cameras/" + id,
					bearer(CameraApiTests.this.bob.token()));

			assertThat(owner.json().path("rtspUrl").asString())
				.isEqualTo("rtsp://admin:****@camera.example:554/stream1");
			assertThat(operator.json().path("rtspUrl").asString()).isEqualTo("rtsp://camera.example:554/stream1");
			assertThat(owner.body() + operator.body()).doesNotContain("s3cret-pass");
			assertThat(operator.body()).doesNotContain("admin");
			assertThat(operator.json().path("shares").size()).isZero();
		}

		@Test
		void shouldStoreThePasswordOnlyEncrypted() {
			String id = addCamera(CameraApiTests.this.alice);

			Document stored = CameraApiTests.this.mongoTemplate.findById(id, Document.class, "cameras");

			assertThat(stored).isNotNull();
			assertThat(stored.toJson()).doesNotContain("s3cret-pass").doesNotContain("admin:");
			assertThat(stored.getString("sourceUrl")).isEqualTo("rtsp://camera.example:554/stream1");
			assertThat(stored.getString("encryptedCredentials")).isNotBlank();
		}

	}

	@Nested
	class BadInput {

		@Test
		void shouldRefuseUrlsThatAreNotCamerasAndStoreNothing() {
			long before = CameraApiTests.this.mongoTemplate.getCollection("cameras").countDocuments();
			for (String url : List.of("http://camera.example/stream", "file:///etc/passwd", "rtsp://", "rtsp:///path",
					"concat:rtsp://a|file:/etc/passwd", "rtsp://host/a b", "rtsp://host/#x", "",
					"rtsp://host/" + "a".repeat(3000), "RTSP://camera.example/\u0000")) {
				Response response = CameraApiTests.this.api.post("/addCamera", Map.of("name", "x", "rtspUrl", url),
						bearer(CameraApiTests.this.alice.token()));
				assertThat(response.status()).as(url).isEqualTo(400);
				assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
				assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("rtspUrl");
			}
			assertThat(CameraApiTests.this.mongoTemplate.getCollection("cameras").countDocuments()).isEqualTo(before);
		}

		@Test
		void shouldRefuseBadNamesIdsAndBodies() {
			String[] alice = bearer(CameraApiTests.this.alice.token());
			ApiClient api = CameraApiTests.this.api;
			assertThat(api.post("/addCamera", Map.of("name", " ", "rtspUrl", URL), alice).status()).isEqualTo(400);
			assertThat(api.post("/addCamera", Map.of("name", "n".repeat(101), "rtspUrl", URL), alice).status())
				.isEqualTo(400);
			assertThat(api.post("/startStream", Map.of(), alice).status()).isEqualTo(400);
			assertThat(api.post("/startStream", Map.of("cameraId", "../../etc/passwd"), alice).status()).isEqualTo(404);
			assertThat(api.post("/startStream", "{not json", alice).status()).isEqualTo(400);
			assertThat(api.post("/startStream", "cameraId=1", "Authorization", alice[1], "Content-Type", "text/plain")
				.status()).isEqualTo(415);
			assertThat(api.get("/api/v1/cameras?sort=nonsense", alice).status()).isEqualTo(400);
			String id = addCamera(CameraApiTests.this.alice);
			assertThat(
					api.post("/shareCamera", Map.of("cameraId", id, "username", "x", "role", "owner"), alice).status())
				.isEqualTo(400);
		}

	}

	@Nested
	class Sharing {

		@Test
		void shouldAnswerNotFoundForAnUnknownUser() {
			String id = addCamera(CameraApiTests.this.alice);
			Response response = CameraApiTests.this.api.post("/shareCamera",
					Map.of("cameraId", id, "username", "nobody-" + UUID.randomUUID().toString().substring(0, 8)),
					bearer(CameraApiTests.this.alice.token()));

			assertThat(response.status()).isEqualTo(404);
			assertThat(response.json().path("detail").asString()).contains("no user named");
		}

		@Test
		void shouldRefuseANameLongerThanAnyAccountsWithTheTrueLimit() {
			String id = addCamera(CameraApiTests.this.alice);
			Response response = CameraApiTests.this.api.put("/api/v1/cameras/" + id + "/shares",
					Map.of("username", "x".repeat(33), "role", "viewer"), bearer(CameraApiTests.this.alice.token()));

			assertThat(response.status()).isEqualTo(400);
			assertThat(response.json().path("detail").asString())
				.isEqualTo("username is longer than any user name (at most 32 characters)");
		}

		@Test
		void shouldSendAnyNameToTheAccountServiceAsAQueryValueAndRefuseImpossibleNamesFirst() {
			String id = addCamera(CameraApiTests.this.alice);
			String[] alice = bearer(CameraApiTests.this.alice.token());
			TestAuthService.User odd = TestAuthService.user("odd{word}&role=owner%41");
			ApiClient api = CameraApiTests.this.api;

			Response legacy = api.post("/shareCamera", Map.of("cameraId", id, "username", odd.username()), alice);
			Response v1 = api.put("/api/v1/cameras/" + id + "/shares", Map.of("username", "{word}", "role", "viewer"),
					alice);

			assertThat(legacy.status()).as(legacy.body()).isEqualTo(200);
			assertThat(legacy.json().path("camera").path("shares").path(0).path("role").asString()).isEqualTo("viewer");
			assertThat(v1.status()).as(v1.body()).isEqualTo(404);
			TestAuthService.server.verify(getRequestedFor(urlPathEqualTo("/api/v1/users/lookup"))
				.withQueryParam("username", equalTo("{word}")));
			for (String name : List.of("x".repeat(10_000), "x".repeat(65), "ev\u202Eil", "zero\u200Bwidth",
					"line\nbreak")) {
				int before = TestAuthService.server.findAll(getRequestedFor(urlPathEqualTo("/api/v1/users/lookup")))
					.size();
				for (Response refused : List
					.of(api.post("/shareCamera", Map.of("cameraId", id, "username", name), alice), api
						.put("/api/v1/cameras/" + id + "/shares", Map.of("username", name, "role", "viewer"), alice))) {
					assertThat(refused.status()).as(refused.body()).isEqualTo(400);
					assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
					assertThat(refused.json().path("detail").asString()).startsWith("username ");
				}
				assertThat(TestAuthService.server.findAll(getRequestedFor(urlPathEqualTo("/api/v1/users/lookup"))))
					.as("nothing asked of the account service")
					.hasSize(before);
			}
		}

		@Test
		void shouldAnswerServiceUnavailableWhenTheAccountServiceFails() {
			String id = addCamera(CameraApiTests.this.alice);
			TestAuthService.breakLookups();
			try {
				Response response = share(id, CameraApiTests.this.alice, CameraApiTests.this.bob, "viewer");
				assertThat(response.status()).isEqualTo(503);
				assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
			}
			finally {
				TestAuthService.repairLookups();
			}
			assertThat(share(id, CameraApiTests.this.alice, CameraApiTests.this.bob, "viewer").status()).isEqualTo(200);
		}

	}

	@Nested
	class AccountDeletion {

		@Test
		void shouldDeleteTheAccountsCamerasAndItsSharesWhenAuthServiceAnnouncesTheDeletion() throws Exception {
			TestAuthService.User alice = CameraApiTests.this.alice;
			TestAuthService.User bob = CameraApiTests.this.bob;
			String alices = addCamera(alice);
			String bobs = addCamera(bob);
			assertThat(share(alices, alice, bob, "viewer").status()).isEqualTo(200);
			assertThat(share(bobs, bob, alice, "operator").status()).isEqualTo(200);
			ApiClient api = CameraApiTests.this.api;
			api.post("/startStream", Map.of("cameraId", alices), bearer(alice.token()));
			try (Consumer<String, String> commands = commandsConsumer()) {
				String deletion = "{\"userId\":\"" + alice.id() + "\",\"username\":\"" + alice.username()
						+ "\",\"deletedAt\":\"2026-11-30T10:00:00Z\"}";
				CameraApiTests.this.kafka.send("account.deletions", alice.id(), deletion).get();
				// Twice: consumers are idempotent.
				CameraApiTests.this.kafka.send("account.deletions", alice.id(), deletion).get();

				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(api.get("/api/v1/cameras/" + alices, bearer(bob.token())).status())
						.isEqualTo(404));
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(
							api.get("/api/v1/cameras/" + bobs, bearer(bob.token())).json().path("shares").toString())
						.doesNotContain(alice.id())
						.doesNotContain(alice.username()));
				// The workers are told: the deleted camera's command is a stop.
				List<ConsumerRecord<String, String>> sent = new ArrayList<>();
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
					commands.poll(Duration.ofMillis(200)).forEach(sent::add);
					assertThat(sent).anyMatch((record) -> record.key().equals(alices));
				});
			}
			assertThat(api.get("/api/v1/cameras/" + bobs, bearer(bob.token())).status()).isEqualTo(200);
			assertThat(api.get("/cameras", bearer(bob.token())).body()).doesNotContain(alices);
		}

	}

	@Nested
	class RtspTransport {

		String[] alice;

		ApiClient api;

		@BeforeEach
		void owner() {
			this.alice = bearer(CameraApiTests.this.alice.token());
			this.api = CameraApiTests.this.api;
		}

		String create(Map<String, ?> body) {
			Response created = this.api.post("/api/v1/cameras", body, this.alice);
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			return created.json().path("id").asString();
		}

		@Test
		void shouldUseTcpWhenACameraIsAddedWithoutTransport() {
			try (Consumer<String, String> consumer = commandsConsumer()) {
				Response created = this.api.post("/api/v1/cameras", Map.of("name", "Porch", "rtspUrl", URL),
						this.alice);

				assertThat(created.status()).isEqualTo(201);
				assertThat(created.json().path("transport").asString()).isEqualTo("tcp");
				String id = created.json().path("id").asString();
				assertThat(stored(id).getString("transport")).isEqualTo("tcp");
				assertThat(commandsUntil(consumer, id, (command) -> true).get(0).path("transport").asString())
					.isEqualTo("tcp");
			}
		}

		@Test
		void shouldPublishUdpWhenTheCameraIsAddedWithIt() {
			try (Consumer<String, String> consumer = commandsConsumer()) {
				String id = create(Map.of("name", "Barn", "rtspUrl", URL, "transport", "UDP"));

				assertThat(this.api.get("/api/v1/cameras/" + id, this.alice).json().path("transport").asString())
					.isEqualTo("udp");
				assertThat(stored(id).getString("transport")).as("stored lower-case").isEqualTo("udp");
				assertThat(commandsUntil(consumer, id, (command) -> true).get(0).path("transport").asString())
					.isEqualTo("udp");
			}
		}

		@Test
		void shouldPublishATransportChangeAsANewGeneration() throws Exception {
			try (Consumer<String, String> consumer = commandsConsumer()) {
				String id = create(Map.of("name", "Gate", "rtspUrl", URL));
				long created = commandsUntil(consumer, id, (command) -> true).get(0).path("generation").asLong();

				Response changed = patch("/api/v1/cameras/" + id, Map.of("transport", "udp"), this.alice);

				assertThat(changed.status()).as(changed.body()).isEqualTo(200);
				assertThat(changed.json().path("transport").asString()).isEqualTo("udp");
				List<JsonNode> commands = commandsUntil(consumer, id,
						(command) -> "udp".equals(command.path("transport").asString()));
				JsonNode udp = commands.get(commands.size() - 1);
				assertThat(udp.path("generation").asLong()).isGreaterThan(created)
					.isEqualTo(stored(id).getLong("generation"));
				assertThat(udp.path("sourceUrl").asString()).isEqualTo("rtsp://camera.example:554/stream1");
				assertThat(udp.path("credentials").asString()).isNotBlank();

				long generation = stored(id).getLong("generation");
				assertThat(patch("/api/v1/cameras/" + id, Map.of("transport", "UDP"), this.alice).status())
					.isEqualTo(200);
				assertThat(stored(id).getLong("generation")).as("the same transport again changes nothing")
					.isEqualTo(generation);
			}
		}

		@Test
		void shouldRefuseAnyOtherTransportAndNeitherStoreNorPublishAnything() throws Exception {
			String id = create(Map.of("name", "Yard", "rtspUrl", URL));
			long generation = stored(id).getLong("generation");
			long before = CameraApiTests.this.mongoTemplate.getCollection("cameras").countDocuments();
			try (Consumer<String, String> consumer = commandsConsumer()) {
				for (Object bad : List.of("tls", "", " tcp", "udp ", "rtp/avp", "tcp,udp", 5)) {
					List<Response> answers = List.of(
							this.api.post("/api/v1/cameras", Map.of("name", "x", "rtspUrl", URL, "transport", bad),
									this.alice),
							this.api.post("/addCamera", Map.of("name", "x", "rtspUrl", URL, "transport", bad),
									this.alice),
							patch("/api/v1/cameras/" + id,
									Map.of("name", "Renamed", "rtspUrl", "rtsp://other.example/live", "transport", bad),
									this.alice));
					for (Response response : answers) {
						assertThat(response.status()).as(bad + ": " + response.body()).isEqualTo(400);
						assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
						assertThat(response.json().path("errors").get(0).path("field").asString())
							.isEqualTo("transport");
						assertThat(response.json().path("detail").asString()).isEqualTo((bad instanceof String)
								? "transport must be tcp or udp" : "transport must be a JSON string");
					}
				}
				assertThat(CameraApiTests.this.mongoTemplate.getCollection("cameras").countDocuments())
					.isEqualTo(before);
				Document unchanged = stored(id);
				assertThat(unchanged.getString("name")).isEqualTo("Yard");
				assertThat(unchanged.getString("sourceUrl")).isEqualTo("rtsp://camera.example:554/stream1");
				assertThat(unchanged.getString("transport")).isEqualTo("tcp");
				assertThat(unchanged.getLong("generation")).isEqualTo(generation);

				// The next change is the first command after the refused ones.
				this.api.post("/startStream", Map.of("cameraId", id), this.alice);
				List<JsonNode> commands = commandsUntil(consumer, id,
						(command) -> command.path("streaming").asBoolean());
				assertThat(commands).allSatisfy((command) -> {
					assertThat(command.path("transport").asString()).isEqualTo("tcp");
					assertThat(command.path("sourceUrl").asString()).isEqualTo("rtsp://camera.example:554/stream1");
					assertThat(command.path("generation").asLong()).isIn(generation, generation + 1);
				});
			}
		}

		@Test
		void shouldShowEveryRoleTheTransportButLetOnlyTheOwnerChangeIt() throws Exception {
			String id = create(Map.of("name", "Dock", "rtspUrl", URL, "transport", "udp"));
			long generation = stored(id).getLong("generation");
			String[] bob = bearer(CameraApiTests.this.bob.token());

			share(id, CameraApiTests.this.alice, CameraApiTests.this.bob, "viewer");
			Response seen = this.api.get("/api/v1/cameras/" + id, bob);
			assertThat(seen.json().path("role").asString()).isEqualTo("viewer");
			assertThat(seen.json().path("transport").asString()).isEqualTo("udp");
			assertThat(this.api.get("/cameras", bob).json().get(0).path("transport").asString()).isEqualTo("udp");
			Response refused = patch("/api/v1/cameras/" + id, Map.of("transport", "tcp"), bob);
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");

			share(id, CameraApiTests.this.alice, CameraApiTests.this.bob, "operator");
			assertThat(patch("/api/v1/cameras/" + id, Map.of("transport", "tcp"), bob).status()).isEqualTo(403);

			assertThat(this.api.get("/api/v1/cameras/" + id, this.alice).json().path("transport").asString())
				.isEqualTo("udp");
			assertThat(stored(id).getLong("generation")).isEqualTo(generation);
		}

		@Test
		void shouldKeepTheOriginalAddCameraAndAcceptATransportThere() {
			try (Consumer<String, String> consumer = commandsConsumer()) {
				Response plain = this.api.post("/addCamera", Map.of("name", "Porch", "rtspUrl", URL), this.alice);
				Response udp = this.api.post("/addCamera", Map.of("name", "Shed", "rtspUrl", URL, "transport", "udp"),
						this.alice);

				assertThat(plain.status()).as(plain.body()).isEqualTo(200);
				assertThat(plain.json().path("name").asString()).isEqualTo("Porch");
				assertThat(plain.json().path("rtspUrl").asString())
					.isEqualTo("rtsp://admin:****@camera.example:554/stream1");
				assertThat(plain.json().path("role").asString()).isEqualTo("owner");
				assertThat(plain.json().path("transport").asString()).isEqualTo("tcp");
				assertThat(udp.status()).as(udp.body()).isEqualTo(200);
				assertThat(udp.json().path("transport").asString()).isEqualTo("udp");
				assertThat(commandsUntil(consumer, plain.json().path("id").asString(), (command) -> true).get(0)
					.path("transport")
					.asString()).isEqualTo("tcp");
				assertThat(commandsUntil(consumer, udp.json().path("id").asString(), (command) -> true).get(0)
					.path("transport")
					.asString()).isEqualTo("udp");
			}
		}

		@Test
		void shouldReadACameraStoredBeforeTransportsAsTcp() {
			String id = addCamera(CameraApiTests.this.alice);
			CameraApiTests.this.mongoTemplate.updateFirst(Query.query(Criteria.where("_id").is(id)),
					new Update().unset("transport"), "cameras");
			assertThat(stored(id).containsKey("transport")).isFalse();

			assertThat(this.api.get("/api/v1/cameras/" + id, this.alice).json().path("transport").asString())
				.isEqualTo("tcp");
			try (Consumer<String, String> consumer = commandsConsumer()) {
				this.api.post("/startStream", Map.of("cameraId", id), this.alice);
				List<JsonNode> commands = commandsUntil(consumer, id,
						(command) -> command.path("streaming").asBoolean());
				assertThat(commands.get(commands.size() - 1).path("transport").asString()).isEqualTo("tcp");
			}
		}

		@Test
		void shouldDocumentTheTransportAndItsValues() {
			JsonNode schemas = this.api.get("/v3/api-docs").json().path("components").path("schemas");

			for (String request : List.of("NewCamera", "CameraPatch")) {
				assertThat(schemas.path(request).path("properties").path("transport").path("enum")).as(request)
					.extracting(JsonNode::asString)
					.containsExactly("tcp", "udp");
			}
			assertThat(schemas.path("CameraView").path("properties").has("transport")).isTrue();
		}

		@Test
		void shouldAcceptATransportInTheOriginalSocketIoAddCamera() throws Exception {
			try (SocketIoProbe socket = SocketIoProbe.connect(socketIoPort, CameraApiTests.this.alice.token())) {
				JsonNode plain = socket.ask("addCamera", Map.of("name", "Socket cam", "rtspUrl", URL));
				JsonNode udp = socket.ask("addCamera",
						Map.of("name", "Socket cam", "rtspUrl", URL, "transport", "Udp"));
				long before = CameraApiTests.this.mongoTemplate.getCollection("cameras").countDocuments();
				JsonNode bad = socket.ask("addCamera",
						Map.of("name", "Socket cam", "rtspUrl", URL, "transport", "tls"));
				JsonNode notText = socket.ask("addCamera",
						Map.of("name", "Socket cam", "rtspUrl", URL, "transport", Map.of("udp", true)));

				assertThat(plain.path("success").asBoolean()).as(plain.toString()).isTrue();
				assertThat(plain.path("camera").path("transport").asString()).isEqualTo("tcp");
				assertThat(udp.path("success").asBoolean()).as(udp.toString()).isTrue();
				assertThat(udp.path("camera").path("transport").asString()).isEqualTo("udp");
				for (JsonNode refused : List.of(bad, notText)) {
					assertThat(refused.path("success").asBoolean()).as(refused.toString()).isFalse();
					assertThat(refused.path("error").asString()).isEqualTo("transport must be tcp or udp");
				}
				assertThat(CameraApiTests.this.mongoTemplate.getCollection("cameras").countDocuments())
					.isEqualTo(before);
			}
		}

	}

	@Nested
	class SocketIoTransport {

		@Test
		void shouldCloseEveryLongPollingConnectionAfterItsAnswer() throws Exception {
			// The gateway pools connections; netty-socketio closes a connection when it
			// ends
			// a session, which must never be one that carries another client's poll.
			java.net.http.HttpResponse<String> handshake = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest
					.newBuilder(java.net.URI.create("http://127.0.0.1:" + socketIoPort
							+ "/socket.io/?EIO=4&transport=polling&token=" + CameraApiTests.this.alice.token()))
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(handshake.statusCode()).isEqualTo(200);
			assertThat(handshake.body()).contains("\"sid\"");
			assertThat(handshake.headers().firstValue("Connection")).hasValue("close");
		}

		@Test
		void shouldTakeTheSessionIdTheGatewayNamesSoThatItCanPinTheSession() throws Exception {
			String session = UUID.randomUUID().toString();
			java.net.http.HttpResponse<String> handshake = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest
					.newBuilder(java.net.URI.create("http://127.0.0.1:" + socketIoPort
							+ "/socket.io/?EIO=4&transport=polling&token=" + CameraApiTests.this.alice.token()))
					.header("io", session)
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(handshake.statusCode()).isEqualTo(200);
			assertThat(handshake.body()).contains("\"sid\":\"" + session + "\"");
		}

		@Test
		void shouldStillUpgradeToWebSocket() throws Exception {
			try (SocketIoProbe socket = SocketIoProbe.connect(socketIoPort, CameraApiTests.this.alice.token())) {
				assertThat(socket.ask("loadCameras", Map.of()).isArray()).isTrue();
			}
		}

	}

	/**
	 * Several replicas: a change made through any of them reaches the Socket.IO clients
	 * of all, through the events topic.
	 */
	@Nested
	class Replicas {

		@Test
		void shouldRelayAChangeMadeHereToTheOtherReplicas() {
			try (Consumer<String, String> events = consumer("camera.events")) {
				String id = addCamera(CameraApiTests.this.alice);

				ConsumerRecord<String, String> relayed = next(events, (record) -> id.equals(record.key()));
				assertThat(ApiClient.json.readTree(relayed.value()).path("cameraId").asString()).isEqualTo(id);
				assertThat(relayed.headers().lastHeader("origin")).as("names the replica that relayed it").isNotNull();
			}
		}

		@Test
		void shouldPushToItsClientsAChangeAnotherReplicaRelayed() throws Exception {
			String id = addCamera(CameraApiTests.this.alice);
			try (SocketIoProbe socket = SocketIoProbe.connect(socketIoPort, CameraApiTests.this.alice.token())) {
				ProducerRecord<String, String> relayed = new ProducerRecord<>("camera.events", id,
						"{\"cameraId\":\"" + id + "\",\"removedUserIds\":[],\"newerField\":1}");
				relayed.headers().add("origin", "another-replica".getBytes(StandardCharsets.UTF_8));
				CameraApiTests.this.kafka.send(relayed).get(10, TimeUnit.SECONDS);

				JsonNode status = socket.push("cameraStatus");
				assertThat(status.path("cameraId").asString()).isEqualTo(id);
				assertThat(status.path("camera").path("role").asString()).isEqualTo("owner");
			}
		}

		@Test
		void shouldSendWhatItCannotReadToTheDeadLetterTopicAndKeepGoing() throws Exception {
			try (Consumer<String, String> deadLetters = consumer("camera.events-dlt")) {
				String stranger = UUID.randomUUID().toString();
				CameraApiTests.this.kafka.send("camera.events", stranger, "{not json").get(10, TimeUnit.SECONDS);
				CameraApiTests.this.kafka
					.send("camera.events", stranger, "{\"cameraId\":\"" + UUID.randomUUID() + "\"}")
					.get(10, TimeUnit.SECONDS);

				ConsumerRecord<String, String> unreadable = next(deadLetters,
						(record) -> stranger.equals(record.key()));
				assertThat(unreadable.value()).isEqualTo("{not json");
				assertThat(unreadable.headers().lastHeader("kafka_dlt-exception-message")).as("carries the reason")
					.isNotNull();
				ConsumerRecord<String, String> mismatched = next(deadLetters,
						(record) -> stranger.equals(record.key()));
				assertThat(new String(mismatched.headers().lastHeader("kafka_dlt-exception-message").value(),
						StandardCharsets.UTF_8))
					.contains("not its key");
			}
			// Still consuming: a good event after the bad ones is pushed.
			shouldPushToItsClientsAChangeAnotherReplicaRelayed();
		}

		private static ConsumerRecord<String, String> next(Consumer<String, String> consumer,
				Predicate<ConsumerRecord<String, String>> wanted) {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					if (wanted.test(record)) {
						return record;
					}
				}
			}
			throw new AssertionError("no such record within 30 s");
		}

	}

	@Nested
	class Commands {

		@Test
		void shouldPublishTheWholeDesiredStateForEveryChangeAndATombstoneOnDelete() {
			String id;
			try (Consumer<String, String> consumer = commandsConsumer()) {
				id = addCamera(CameraApiTests.this.alice);
				String[] alice = bearer(CameraApiTests.this.alice.token());
				Map<String, String> ref = Map.of("cameraId", id);
				CameraApiTests.this.api.post("/startStream", ref, alice);
				CameraApiTests.this.api.post("/recordStream", ref, alice);
				CameraApiTests.this.api.post("/stopStream", ref, alice);
				CameraApiTests.this.api.post("/deleteCamera", ref, alice);

				// At least once: the reconciler may publish a generation again; consumers
				// keep one per generation.
				List<ConsumerRecord<String, String>> records = recordsFor(consumer, id);
				List<JsonNode> states = records.stream()
					.filter((r) -> r.value() != null)
					.map((r) -> ApiClient.json.readTree(r.value()))
					.collect(java.util.stream.Collectors.toMap((state) -> state.path("generation").asLong(),
							(state) -> state, (first, again) -> first, java.util.TreeMap::new))
					.values()
					.stream()
					.toList();
				assertThat(states).hasSize(4);
				assertThat(states).extracting((s) -> s.path("streaming").asBoolean())
					.containsExactly(false, true, true, false);
				assertThat(states).extracting((s) -> s.path("recording").asBoolean())
					.containsExactly(false, false, true, true);
				assertThat(states).extracting((s) -> s.path("generation").asLong()).isSorted().doesNotHaveDuplicates();
				assertThat(states.get(0).path("sourceUrl").asString()).isEqualTo("rtsp://camera.example:554/stream1");
				assertThat(states.get(0).toString()).doesNotContain("s3cret-pass");
				assertThat(records.get(records.size() - 1).value()).as("the last record is a tombstone").isNull();
			}
			// Once its tombstone is out, the deleted camera's document goes too.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> CameraApiTests.this.mongoTemplate.findById(id, Document.class, "cameras") == null);
		}

		@Test
		void shouldShowTheLatestStatusAndIgnoreOlderGenerations() {
			String id = addCamera(CameraApiTests.this.alice);
			String[] alice = bearer(CameraApiTests.this.alice.token());
			CameraApiTests.this.api.post("/startStream", Map.of("cameraId", id), alice);

			CameraApiTests.this.kafka.send("camera.status", id, status(id, "LIVE", 3));
			await().atMost(Duration.ofSeconds(15))
				.until(() -> "LIVE".equals(
						CameraApiTests.this.api.get("/api/v1/cameras/" + id, alice).json().path("status").asString()));

			CameraApiTests.this.kafka.send("camera.status", id, status(id, "STOPPED", 1));
			CameraApiTests.this.kafka.send("camera.status", id, status(id, "RECONNECTING", 3));
			await().atMost(Duration.ofSeconds(15))
				.until(() -> "RECONNECTING".equals(
						CameraApiTests.this.api.get("/api/v1/cameras/" + id, alice).json().path("status").asString()));
		}

		private static String status(String id, String state, long generation) {
			return "{\"cameraId\":\"" + id + "\",\"state\":\"" + state + "\",\"generation\":" + generation
					+ ",\"workerId\":\"w1\",\"at\":\"2026-01-01T00:00:00Z\",\"unknownField\":1}";
		}

		/** The camera's records up to and including its tombstone. */
		private static List<ConsumerRecord<String, String>> recordsFor(Consumer<String, String> consumer, String id) {
			List<ConsumerRecord<String, String>> found = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while ((found.isEmpty() || found.get(found.size() - 1).value() != null) && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : KafkaTestUtils.getRecords(consumer,
						Duration.ofSeconds(1))) {
					if (id.equals(record.key())) {
						found.add(record);
					}
				}
			}
			assertThat(found).as("records up to a tombstone").isNotEmpty();
			return found;
		}

	}

}
