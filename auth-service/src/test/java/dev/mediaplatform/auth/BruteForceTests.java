package dev.mediaplatform.auth;

import java.util.UUID;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import static dev.mediaplatform.localstack.ApiClient.credentials;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login and registration slow down per username and per client address, with 429 and
 * Retry-After.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "auth.rate-limit.login-per-username=3", "auth.rate-limit.login-per-address=5",
				"auth.rate-limit.register-per-address=2" })
@ContextConfiguration(initializers = SharedMariaDb.class)
class BruteForceTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient("http://localhost:" + this.port);
	}

	/**
	 * Each test its own client address, as the gateway reports it (the last
	 * X-Forwarded-For entry).
	 */
	static String[] from(String address) {
		return new String[] { "X-Forwarded-For", "203.0.113.99, " + address };
	}

	@Test
	void shouldSlowDownGuessingOneUsersPassword() {
		String username = "bf" + UUID.randomUUID().toString().substring(0, 8);
		for (int attempt = 0; attempt < 3; attempt++) {
			String[] address = from("198.51.100." + attempt);
			assertThat(this.api.post("/login", credentials(username, "guess-number-" + attempt), address).status())
				.isEqualTo(401);
		}

		Response blocked = this.api.post("/login", credentials(username, "guess-number-4"), from("198.51.100.9"));

		assertThat(blocked.status()).isEqualTo(429);
		assertThat(Long.parseLong(blocked.header("Retry-After"))).isBetween(1L, 60L);
		assertThat(blocked.header("Content-Type")).isEqualTo("application/problem+json");
	}

	@Test
	void shouldSlowDownOneAddressTryingManyUsers() {
		String[] address = from("192.0.2.7");
		for (int attempt = 0; attempt < 5; attempt++) {
			assertThat(this.api.post("/login", credentials("someone" + attempt, "guessing"), address).status())
				.isEqualTo(401);
		}
		assertThat(this.api.post("/api/v1/auth/login", credentials("someone-else", "guessing"), address).status())
			.isEqualTo(429);
		assertThat(this.api.post("/login", credentials("someone-else", "guessing"), from("192.0.2.8")).status())
			.as("another address is not slowed down")
			.isEqualTo(401);
	}

	@Test
	void shouldCountFailedLoginsWhateverTheShapeOfThePassword() {
		String username = "bf" + UUID.randomUUID().toString().substring(0, 8);
		String[] passwords = { "", "short", "€".repeat(129) };
		for (int attempt = 0; attempt < passwords.length; attempt++) {
			assertThat(this.api.post("/login", credentials(username, passwords[attempt]), from("198.51.101." + attempt))
				.status()).isEqualTo(401);
		}

		assertThat(this.api.post("/api/v1/auth/login", credentials(username, "x"), from("198.51.101.9")).status())
			.isEqualTo(429);
	}

	@Test
	void shouldCountLoginsWithANameNoAccountCanHaveAgainstTheAddress() {
		String[] address = from("192.0.2.77");
		for (int attempt = 0; attempt < 5; attempt++) {
			assertThat(this.api.post("/login", credentials("", "x"), address).status()).isEqualTo(401);
		}

		assertThat(this.api.post("/login", credentials("x".repeat(100), "x"), address).status()).isEqualTo(429);
	}

	@Test
	void shouldLimitRegistrationsPerAddressAndStoreNothingWhenRefused() {
		String[] address = from("192.0.2.50");
		String prefix = "rl" + UUID.randomUUID().toString().substring(0, 6);
		for (int i = 0; i < 2; i++) {
			assertThat(this.api.post("/register", credentials(prefix + i, "long enough password"), address).status())
				.isEqualTo(200);
		}

		Response refused = this.api.post("/register", credentials(prefix + "x", "long enough password"), address);

		assertThat(refused.status()).isEqualTo(429);
		assertThat(
				this.jdbc.queryForObject("SELECT COUNT(*) FROM users WHERE username = ?", Integer.class, prefix + "x"))
			.isZero();
	}

}
