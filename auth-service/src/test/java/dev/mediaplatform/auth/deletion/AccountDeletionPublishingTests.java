package dev.mediaplatform.auth.deletion;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mediaplatform.auth.PublishedRecords;
import dev.mediaplatform.auth.SharedMariaDb;
import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static dev.mediaplatform.localstack.ApiClient.bearer;
import static dev.mediaplatform.localstack.ApiClient.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;

/**
 * A deleted account is announced on {@code account.deletions}, from the outbox row that
 * its deleting transaction wrote. The periodic pass is an hour away: what is published
 * here was published right after the commit.
 */
@EmbeddedKafka(partitions = 1)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"auth.account-deletions.relay-interval=1h" })
@ContextConfiguration(initializers = SharedMariaDb.class)
// Closed after the class: its relay would otherwise publish other classes' deletions to
// its own broker.
@DirtiesContext
class AccountDeletionPublishingTests {

	static final String PASSWORD = "correct horse battery";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	EntityManager entityManager;

	@MockitoSpyBean
	AccountDeletionOutbox outbox;

	ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient("http://localhost:" + this.port);
	}

	record Account(String id, String username, String token) {
	}

	Account register() {
		String username = "d" + UUID.randomUUID().toString().substring(0, 8);
		Response response = this.api.post("/register", credentials(username, PASSWORD));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		String token = response.json().path("token").asString();
		return new Account(ApiClient.tokenClaims(token).path("sub").asString(), username, token);
	}

	String administratorToken() {
		Account admin = register();
		this.jdbc.update("UPDATE users SET roles = 'USER,ADMIN' WHERE id = ?", admin.id());
		return this.api.post("/login", credentials(admin.username(), PASSWORD)).json().path("token").asString();
	}

	int users(String id) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM users WHERE id = ?", Integer.class, id);
	}

	int outboxRows(String userId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM account_deletion_outbox WHERE user_id = ?", Integer.class,
				userId);
	}

	/**
	 * Waits until the relay removed the row, then reads everything published for the
	 * user.
	 */
	List<ConsumerRecord<String, String>> publishedFor(String userId) {
		await().atMost(Duration.ofSeconds(30)).until(() -> outboxRows(userId) == 0);
		return PublishedRecords.keyed(this.broker.getBrokersAsString(), AccountDeletionTopic.NAME, userId);
	}

	void assertAnnounced(Account account, Instant before, Instant after) {
		List<ConsumerRecord<String, String>> published = publishedFor(account.id());

		assertThat(published).as("exactly one event for the account").hasSize(1);
		JsonNode event = ApiClient.json.readTree(published.get(0).value());
		assertThat(event.propertyNames()).containsExactlyInAnyOrder("userId", "username", "deletedAt");
		assertThat(event.path("userId").asString()).isEqualTo(account.id());
		assertThat(event.path("username").asString()).isEqualTo(account.username());
		assertThat(Instant.parse(event.path("deletedAt").asString())).isBetween(before.minusMillis(1),
				after.plusMillis(1));
	}

	@Test
	void shouldAnnounceTheDeletionWhenUsersDeleteTheirOwnAccount() {
		Account account = register();
		Instant before = Instant.now();

		assertThat(this.api.delete("/api/v1/users/me", bearer(account.token())).status()).isEqualTo(204);

		assertAnnounced(account, before, Instant.now());
		assertThat(users(account.id())).isZero();
	}

	@Test
	void shouldAnnounceTheDeletionWhenAnAdministratorDeletesAnAccount() {
		Account account = register();
		String admin = administratorToken();
		Instant before = Instant.now();

		assertThat(this.api.delete("/api/v1/users/" + account.id(), bearer(admin)).status()).isEqualTo(204);

		assertAnnounced(account, before, Instant.now());
		assertThat(this.api.get("/self", bearer(account.token())).status()).isEqualTo(401);
	}

	@Test
	void shouldCreateTheTopicWithTwelvePartitionsKeptThirtyDaysWhenPublishing() throws Exception {
		Account account = register();
		assertThat(this.api.delete("/api/v1/users/me", bearer(account.token())).status()).isEqualTo(204);
		assertThat(publishedFor(account.id())).hasSize(1);

		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString()))) {
			TopicDescription topic = admin.describeTopics(List.of(AccountDeletionTopic.NAME))
				.allTopicNames()
				.get()
				.get(AccountDeletionTopic.NAME);
			ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, AccountDeletionTopic.NAME);
			String retention = admin.describeConfigs(List.of(resource))
				.all()
				.get()
				.get(resource)
				.get(TopicConfig.RETENTION_MS_CONFIG)
				.value();

			assertThat(topic.partitions()).hasSize(12);
			assertThat(Duration.ofMillis(Long.parseLong(retention))).isEqualTo(Duration.ofDays(30));
		}
	}

	/**
	 * The user's row and the outbox row are written in one transaction: a failure in
	 * between leaves the account and no announcement.
	 */
	@Nested
	class OneTransaction {

		@Test
		void shouldKeepTheAccountWhenTheTransactionFailsBeforeTheDeletionIsRecorded() {
			Account account = register();
			AtomicInteger usersInsideTransaction = new AtomicInteger(-1);
			doAnswer((invocation) -> {
				// The user's DELETE has reached the database, the outbox row not yet.
				AccountDeletionPublishingTests.this.entityManager.flush();
				usersInsideTransaction.set(users(account.id()));
				throw new IllegalStateException("failure between the user's deletion and its outbox row");
			}).when(AccountDeletionPublishingTests.this.outbox).record(eq(account.id()), any(), any());

			Response response = AccountDeletionPublishingTests.this.api.delete("/api/v1/users/me",
					bearer(account.token()));

			assertThat(response.status()).isEqualTo(500);
			assertThat(usersInsideTransaction).as("the user was deleted inside the transaction").hasValue(0);
			assertThat(users(account.id())).isEqualTo(1);
			assertThat(outboxRows(account.id())).isZero();
			assertThat(AccountDeletionPublishingTests.this.api.get("/self", bearer(account.token())).status())
				.isEqualTo(200);
		}

		@Test
		void shouldKeepTheAccountAndRecordNothingWhenTheTransactionFailsAfterBothWrites() {
			Account account = register();
			AtomicInteger outboxInsideTransaction = new AtomicInteger(-1);
			doAnswer((invocation) -> {
				invocation.callRealMethod();
				AccountDeletionPublishingTests.this.entityManager.flush();
				outboxInsideTransaction.set(outboxRows(account.id()));
				throw new IllegalStateException("failure after both writes, before the commit");
			}).when(AccountDeletionPublishingTests.this.outbox).record(eq(account.id()), any(), any());

			Response response = AccountDeletionPublishingTests.this.api.delete("/api/v1/users/me",
					bearer(account.token()));

			assertThat(response.status()).isEqualTo(500);
			assertThat(outboxInsideTransaction).as("the outbox row was written inside the transaction").hasValue(1);
			assertThat(users(account.id())).isEqualTo(1);
			assertThat(outboxRows(account.id())).isZero();
		}

	}

}
