package dev.mediaplatform.auth.deletion;

import java.time.Duration;
import java.util.UUID;

import dev.mediaplatform.auth.PublishedRecords;
import dev.mediaplatform.auth.SharedMariaDb;
import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.PortGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.mediaplatform.localstack.ApiClient.bearer;
import static dev.mediaplatform.localstack.ApiClient.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An account deleted while Kafka is unreachable is deleted all the same; its announcement
 * waits in the outbox and goes out once the broker answers at the configured address,
 * from the periodic pass alone.
 */
@EmbeddedKafka(partitions = 1)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "auth.account-deletions.relay-interval=1s", "spring.kafka.admin.operation-timeout=2s",
				"spring.kafka.admin.properties.default.api.timeout.ms=3000",
				"spring.kafka.admin.properties.request.timeout.ms=2000" })
@ContextConfiguration(initializers = SharedMariaDb.class)
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class AccountDeletionBrokerDownTests {

	/** Where auth-service expects Kafka; nothing listens there until the test says so. */
	static final int kafkaPort = PortGuard.freePort();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	AccountDeletionRelay relay;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + kafkaPort);
	}

	int outboxRows(String userId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM account_deletion_outbox WHERE user_id = ?", Integer.class,
				userId);
	}

	@Test
	void shouldDeleteTheAccountAndAnnounceItOnceKafkaIsReachable(CapturedOutput output) throws Exception {
		ApiClient api = new ApiClient("http://localhost:" + this.port);
		String username = "k" + UUID.randomUUID().toString().substring(0, 8);
		String token = api.post("/register", credentials(username, "correct horse battery"))
			.json()
			.path("token")
			.asString();
		String userId = ApiClient.tokenClaims(token).path("sub").asString();

		Response deleted = api.delete("/api/v1/users/me", bearer(token));

		assertThat(deleted.status()).isEqualTo(204);
		assertThat(api.get("/self", bearer(token)).status()).isEqualTo(401);
		assertThat(this.relay.relay()).as("nothing can be published").isZero();
		assertThat(outboxRows(userId)).isEqualTo(1);
		assertThat(output).contains("are not published to account.deletions yet", "user " + userId,
				"Kafka at 127.0.0.1:" + kafkaPort + " ", "KAFKA_BOOTSTRAP_SERVERS");

		try (TcpForwarder kafka = TcpForwarder.open(kafkaPort, this.broker.getBrokersAsString())) {
			await().atMost(Duration.ofSeconds(60)).until(() -> outboxRows(userId) == 0);
		}

		assertThat(PublishedRecords.keyed(this.broker.getBrokersAsString(), AccountDeletionTopic.NAME, userId))
			.singleElement()
			.satisfies((record) -> assertThat(ApiClient.json.readTree(record.value()).path("username").asString())
				.isEqualTo(username));
	}

}
