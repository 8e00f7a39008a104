package dev.mediaplatform.auth;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mysql.MySQLContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Flyway schema on the real MySQL image used by docker-compose and Kubernetes; needs
 * Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = "eureka.client.enabled=false")
class AuthServiceMySqlContainerTests {

	@Container
	@ServiceConnection
	static final MySQLContainer mysql = new MySQLContainer("mysql:8.4");

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void shouldMigrateTheSchemaOnRealMySql() {
		Integer applied = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1' AND success = 1", Integer.class);
		assertThat(applied).isEqualTo(1);
	}

}
