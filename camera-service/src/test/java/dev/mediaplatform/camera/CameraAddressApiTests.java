package dev.mediaplatform.camera;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.mediaplatform.localstack.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camera addresses that would point the platform at itself are refused when a camera is
 * added or changed, through both APIs, as a 400 problem detail naming the field, and
 * nothing is stored. The operator's deny list applies at input too.
 */
@EmbeddedKafka(partitions = 1)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"camera.sources.addresses.deny=192.168.50.0/24",
				// As ./run-local allows the demo camera.
				"camera.sources.addresses.allow=127.0.0.1:8554" })
class CameraAddressApiTests {

	static final EmbeddedMongo mongo = EmbeddedMongo.startInMemory();

	static final int socketIoPort = dev.mediaplatform.localstack.PortGuard.freePort();

	static final List<String> REFUSED = List.of("rtsp://127.0.0.1:8082/", "rtsp://169.254.169.254/latest",
			"rtsp://0.0.0.0:9092/", "rtsp://[::1]:27017/", "rtsp://[::ffff:127.0.0.1]/",
			"rtsp://admin:pw@[fe80::1]/live", "rtsp://2130706433/", "rtsp://0x7f000001/", "rtsp://017700000001/",
			"rtsp://0177.0.0.1/", "rtsp://127.1/", "rtsp://192.168.50.4/live");

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongoTemplate;

	ApiClient api;

	String[] alice;

	@DynamicPropertySource
	static void stores(DynamicPropertyRegistry registry) {
		registry.add("camera.realtime.port", () -> socketIoPort);
		registry.add("spring.mongodb.uri", () -> mongo.connectionString("camera-address-test"));
		registry.add("spring.cloud.discovery.client.simple.instances.auth-service[0].uri", TestAuthService::url);
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@BeforeEach
	void owner() {
		this.api = new ApiClient("http://localhost:" + this.port);
		this.alice = bearer(TestAuthService.user("alice-" + UUID.randomUUID().toString().substring(0, 6)).token());
	}

	long stored() {
		return this.mongoTemplate.getCollection("cameras").countDocuments();
	}

	static void assertRefusedProblem(Response response, String url) {
		assertThat(response.status()).as(url).isEqualTo(400);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("rtspUrl");
		assertThat(response.json().path("detail").asString()).as(url)
			.startsWith("rtspUrl ")
			.containsAnyOf("is a loopback address", "is a link-local address", "is an unspecified address",
					"is not valid", "does not name a valid host", "is a port the platform's own services use",
					"in a network the operator refuses; cameras there are refused")
			.doesNotContain("CAMERA_");
		assertThat(response.body()).as(url).doesNotContain("CAMERA_ADDRESS");
	}

	@Test
	void shouldAllowTheDemoCameraButNotTheHostItRunsOn() {
		long before = stored();
		for (String host : List.of("127.0.0.1", "localhost", "localhost.", "[::ffff:7f00:1]", "[::127.0.0.1]")) {
			for (int port : List.of(27017, 3306, 9092, 8761, 22, 8555)) {
				String url = "rtsp://" + host + ":" + port + "/";
				Response response = this.api.post("/api/v1/cameras", Map.of("name", "Probe", "rtspUrl", url),
						this.alice);
				assertRefusedProblem(response, url);
			}
		}
		Response database = this.api.post("/api/v1/cameras",
				Map.of("name", "Probe", "rtspUrl", "rtsp://127.0.0.1:27017/"), this.alice);
		assertThat(database.json().path("detail").asString()).isEqualTo("rtspUrl port 27017 is a port the"
				+ " platform's own services use; cameras are refused on it, whatever their address");
		assertThat(stored()).isEqualTo(before);

		Response demo = this.api.post("/api/v1/cameras",
				Map.of("name", "Demo", "rtspUrl", "rtsp://localhost:8554/cam1"), this.alice);
		assertThat(demo.status()).as(demo.body()).isEqualTo(201);
	}

	@Test
	void shouldRefuseAddressesOfThePlatformThroughTheOriginalApiAndStoreNothing() {
		long before = stored();
		for (String url : REFUSED) {
			assertRefusedProblem(this.api.post("/addCamera", Map.of("name", "Probe", "rtspUrl", url), this.alice), url);
		}
		Response loopback = this.api.post("/addCamera", Map.of("name", "Probe", "rtspUrl", "rtsp://127.0.0.1:9000/"),
				this.alice);
		assertThat(loopback.json().path("detail").asString())
			.isEqualTo("rtspUrl host 127.0.0.1 is a loopback address; cameras on loopback, link-local, unspecified,"
					+ " multicast and broadcast addresses are refused unless the operator allows that address and"
					+ " port");
		assertThat(stored()).isEqualTo(before);
	}

	@Test
	void shouldRefuseAddressesOfThePlatformThroughTheVersionedApiAndStoreNothing() {
		long before = stored();
		for (String url : REFUSED) {
			assertRefusedProblem(this.api.post("/api/v1/cameras", Map.of("name", "Probe", "rtspUrl", url), this.alice),
					url);
		}
		assertThat(stored()).isEqualTo(before);
	}

	@Test
	void shouldKeepTheAddressWhenAChangeNamesARefusedOne() throws Exception {
		Response created = this.api.post("/api/v1/cameras",
				Map.of("name", "Yard", "rtspUrl", "rtsp://192.168.1.20:554/live"), this.alice);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("id").asString();
		Document before = this.mongoTemplate.findById(id, Document.class, "cameras");

		for (String url : REFUSED) {
			assertRefusedProblem(patch("/api/v1/cameras/" + id, Map.of("rtspUrl", url)), url);
		}

		Document after = this.mongoTemplate.findById(id, Document.class, "cameras");
		assertThat(after.getString("sourceUrl")).isEqualTo("rtsp://192.168.1.20:554/live");
		assertThat(after.get("generation")).isEqualTo(before.get("generation"));
	}

	Response patch(String path, Object body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.header(this.alice[0], this.alice[1])
			.method("PATCH", HttpRequest.BodyPublishers.ofString(ApiClient.json.writeValueAsString(body)))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), response.body(), response);
	}

}
