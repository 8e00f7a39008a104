package dev.mediaplatform.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cameras through the gateway of a running platform, with two real accounts: sharing
 * resolves the user in auth-service, access rules hold on every route, and each change
 * reaches the real Kafka broker as a command.
 */
class CamerasIT {

	static ApiClient gateway;

	@BeforeAll
	static void platform() {
		gateway = SharedPlatform.gateway();
	}

	@Test
	void shouldManageShareAndHideCamerasForTwoUsers() {
		TestUser alice = TestUser.register(gateway, "cam");
		TestUser bob = TestUser.register(gateway, "cam");
		Response added = gateway.post("/addCamera",
				Map.of("name", "Garage", "rtspUrl", "rtsp://cam:pa55word@garage.local:554/live"), alice.auth());
		assertThat(added.status()).as(added.body()).isEqualTo(200);
		String id = added.json().path("id").asString();
		assertThat(added.json().path("rtspUrl").asString()).isEqualTo("rtsp://cam:****@garage.local:554/live");

		Map<String, String> ref = Map.of("cameraId", id);
		assertThat(gateway.get("/cameras", bob.auth()).json().size()).isZero();
		assertThat(gateway.post("/startStream", ref, bob.auth()).status()).isEqualTo(404);
		assertThat(gateway.get("/api/v1/cameras/" + id, bob.auth()).status()).isEqualTo(404);

		Response shared = gateway.post("/shareCamera",
				Map.of("cameraId", id, "username", bob.name().toUpperCase(), "role", "viewer"), alice.auth());
		assertThat(shared.status()).as(shared.body()).isEqualTo(200);
		JsonAssert.viewer(gateway.get("/cameras", bob.auth()).json().get(0));
		assertThat(gateway.post("/startStream", ref, bob.auth()).status()).isEqualTo(403);
		assertThat(
				gateway
					.post("/shareCamera",
							Map.of("cameraId", id, "username",
									"nobody-" + UUID.randomUUID().toString().substring(0, 8)),
							alice.auth())
					.status())
			.isEqualTo(404);

		Response started = gateway.post("/startStream", ref, alice.auth());
		assertThat(started.json().path("success").asBoolean()).isTrue();
		assertThat(started.json().path("streamUrl").asString())
			.matches("/streams/" + id + "/v2\\.[0-9]+\\.[A-Za-z0-9_-]{1,64}\\.[A-Za-z0-9_-]{43}/index\\.m3u8");
		assertThat(gateway.post("/deleteCamera", ref, bob.auth()).status()).isEqualTo(403);
		assertThat(gateway.post("/deleteCamera", ref, alice.auth()).json().path("success").asBoolean()).isTrue();
		assertThat(gateway.get("/cameras", bob.auth()).json().size()).isZero();
	}

	@Test
	void shouldPublishEveryDesiredStateAndATombstoneToKafka() {
		TestUser alice = TestUser.register(gateway, "cam");
		try (KafkaConsumer<String, String> consumer = commands()) {
			String id = gateway
				.post("/addCamera", Map.of("name", "Door", "rtspUrl", "rtsp://door.local/stream"), alice.auth())
				.json()
				.path("id")
				.asString();
			Map<String, String> ref = Map.of("cameraId", id);
			gateway.post("/startStream", ref, alice.auth());
			gateway.post("/recordStream", Map.of("cameraId", id, "enabled", true), alice.auth());
			gateway.post("/stopStream", ref, alice.auth());
			gateway.post("/deleteCamera", ref, alice.auth());

			List<ConsumerRecord<String, String>> records = untilTombstone(consumer, id);
			List<String> states = records.stream()
				.filter((r) -> r.value() != null)
				.map((r) -> ApiClient.json.readTree(r.value()))
				.map((state) -> state.path("streaming").asBoolean() + "/" + state.path("recording").asBoolean())
				.distinct()
				.toList();
			assertThat(states).containsExactly("false/false", "true/false", "true/true", "false/true");
			assertThat(records.get(records.size() - 1).value()).isNull();
		}
	}

	@Test
	void shouldNotTrustIdentityHeadersSentStraightToCameraService() {
		TestUser alice = TestUser.register(gateway, "cam");
		gateway.post("/addCamera", Map.of("name", "Yard", "rtspUrl", "rtsp://yard.local/stream"), alice.auth());
		String aliceId = gateway.get("/self", alice.auth()).json().path("id").asString();
		ApiClient cameraService = SharedPlatform.direct(SharedPlatform.get().settings().ports().camera());

		Response forged = cameraService.get("/cameras", "X-User-Id", aliceId, "X-User-Name", alice.name());

		assertThat(forged.status()).isEqualTo(401);
		assertThat(forged.header("WWW-Authenticate")).startsWith("Bearer");
	}

	@Test
	void shouldServeTheCameraOpenApiDocument() {
		Response document = gateway.get("/v3/api-docs/cameras");
		assertThat(document.status()).isEqualTo(200);
		assertThat(document.json().path("paths").propertyNames()).contains("/cameras", "/addCamera", "/startStream",
				"/api/v1/cameras", "/api/v1/cameras/{id}/shares", "/api/v1/cameras/{id}/stream");
	}

	private static KafkaConsumer<String, String> commands() {
		Properties props = new Properties();
		props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				"localhost:" + SharedPlatform.get().settings().ports().kafka());
		props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
				new StringDeserializer());
		consumer.subscribe(List.of("camera.commands"));
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
			consumer.poll(Duration.ofMillis(200));
		}
		assertThat(consumer.assignment()).isNotEmpty();
		// "latest" is looked up lazily: fix each position now, or a command published
		// before the lookup would be skipped.
		consumer.assignment().forEach(consumer::position);
		return consumer;
	}

	private static List<ConsumerRecord<String, String>> untilTombstone(KafkaConsumer<String, String> consumer,
			String id) {
		List<ConsumerRecord<String, String>> found = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while ((found.isEmpty() || found.get(found.size() - 1).value() != null) && System.nanoTime() < deadline) {
			consumer.poll(Duration.ofMillis(500)).forEach((record) -> {
				if (id.equals(record.key())) {
					found.add(record);
				}
			});
		}
		assertThat(found).isNotEmpty();
		return found;
	}

	/** What a viewer sees of a camera. */
	static final class JsonAssert {

		static void viewer(tools.jackson.databind.JsonNode camera) {
			assertThat(camera.path("role").asString()).isEqualTo("viewer");
			assertThat(camera.path("rtspUrl").asString()).isEqualTo("rtsp://garage.local:554/live");
			assertThat(camera.toString()).doesNotContain("pa55word").doesNotContain("cam:");
		}

	}

}
