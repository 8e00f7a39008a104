package dev.mediaplatform.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * auth-service on a real MariaDB server: Flyway owns the schema and readiness follows the
 * database.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "eureka.client.enabled=false")
@ContextConfiguration(initializers = SharedMariaDb.class)
class AuthServiceApplicationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void shouldMigrateTheSchemaWhenStarted() {
		Integer applied = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1' AND success = 1", Integer.class);
		assertThat(applied).isEqualTo(1);
	}

	@Test
	void shouldReportTheDatabaseInReadinessWhenStarted() throws Exception {
		HttpResponse<String> readiness = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health/readiness"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"db\":{\"status\":\"UP\"}");
	}

	@Test
	void shouldRefuseAUsernameThatDiffersOnlyInCaseWhenOneExists() {
		String name = "Case" + UUID.randomUUID().toString().substring(0, 8);
		insertUser(name);
		assertThatThrownBy(() -> insertUser(name.toUpperCase())).isInstanceOf(DataIntegrityViolationException.class);
	}

	private void insertUser(String username) {
		this.jdbc.update(
				"INSERT INTO users (id, username, username_key, password_hash, roles, created_at) "
						+ "VALUES (?, ?, ?, 'x', 'USER', CURRENT_TIMESTAMP(6))",
				UUID.randomUUID().toString(), username, username.toLowerCase());
	}

}
