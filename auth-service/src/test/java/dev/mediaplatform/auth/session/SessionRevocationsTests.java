package dev.mediaplatform.auth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mediaplatform.auth.PublishedRecords;
import dev.mediaplatform.auth.SharedMariaDb;
import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.sessions.SessionEnded;
import dev.mediaplatform.localstack.ApiClient.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import static dev.mediaplatform.localstack.ApiClient.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A logout, and a refresh token presented twice, end the session: its id (the {@code sid}
 * of every access token issued in it) is announced on {@code auth.sessions} with the
 * instant its last access token expires, for the gateways to refuse those tokens at once.
 */
@EmbeddedKafka(partitions = 1)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@ContextConfiguration(initializers = SharedMariaDb.class)
@DirtiesContext
class SessionRevocationsTests {

	static final String PASSWORD = "correct horse battery";

	@LocalServerPort
	int port;

	@Autowired
	EmbeddedKafkaBroker broker;

	ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient("http://localhost:" + this.port);
	}

	JsonNode login() {
		String username = "s" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(this.api.post("/register", credentials(username, PASSWORD)).status()).isEqualTo(200);
		Response login = this.api.post("/api/v1/auth/login", credentials(username, PASSWORD));
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		return login.json();
	}

	List<ConsumerRecord<String, String>> announced(String sessionId) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> PublishedRecords.keyed(this.broker.getBrokersAsString(), SessionEnded.TOPIC, sessionId),
					(records) -> !records.isEmpty());
	}

	@Test
	void shouldAnnounceTheSessionOfEveryAccessTokenALogoutVoids() {
		JsonNode pair = login();
		JsonNode first = ApiClient.tokenClaims(pair.path("accessToken").asString());
		String session = first.path("sid").asString();
		assertThat(session).isNotBlank();
		JsonNode refreshed = this.api
			.post("/api/v1/auth/refresh", Map.of("refreshToken", pair.path("refreshToken").asString()))
			.json();
		assertThat(ApiClient.tokenClaims(refreshed.path("accessToken").asString()).path("sid").asString())
			.as("a refresh stays in the session")
			.isEqualTo(session);
		assertThat(ApiClient.tokenClaims(login().path("accessToken").asString()).path("sid").asString())
			.as("another login is another session")
			.isNotEqualTo(session);

		Instant before = Instant.now();
		assertThat(
				this.api.post("/api/v1/auth/logout", Map.of("refreshToken", refreshed.path("refreshToken").asString()))
					.status())
			.isEqualTo(204);

		List<ConsumerRecord<String, String>> records = announced(session);
		assertThat(records).singleElement().satisfies((record) -> {
			JsonNode event = ApiClient.json.readTree(record.value());
			assertThat(event.propertyNames()).containsExactlyInAnyOrder("sessionId", "userId", "until");
			assertThat(event.path("sessionId").asString()).isEqualTo(session);
			assertThat(event.path("userId").asString()).isEqualTo(first.path("sub").asString());
			assertThat(Instant.parse(event.path("until").asString())).as("when its last access token expires")
				.isBetween(before.plus(Duration.ofMinutes(15)).minusSeconds(1),
						Instant.now().plus(Duration.ofMinutes(15)).plusSeconds(1));
		});
	}

	@Test
	void shouldEndTheSessionOfARefreshTokenPresentedTwice() {
		JsonNode pair = login();
		String session = ApiClient.tokenClaims(pair.path("accessToken").asString()).path("sid").asString();
		Map<String, String> refresh = Map.of("refreshToken", pair.path("refreshToken").asString());
		assertThat(this.api.post("/api/v1/auth/refresh", refresh).status()).isEqualTo(200);

		assertThat(this.api.post("/api/v1/auth/refresh", refresh).status()).isEqualTo(401);

		assertThat(announced(session)).hasSize(1);
	}

	@Test
	void shouldKeepTheTopicLongerThanAnAccessTokenLives() throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString()))) {
			ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, SessionEnded.TOPIC);
			String retention = await().atMost(Duration.ofSeconds(30))
				.until(() -> admin.describeConfigs(List.of(topic))
					.all()
					.get()
					.get(topic)
					.get(TopicConfig.RETENTION_MS_CONFIG)
					.value(), (value) -> value != null);
			assertThat(Duration.ofMillis(Long.parseLong(retention))).isEqualTo(Duration.ofMinutes(75));
		}
	}

}
