package dev.mediaplatform.auth;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.ContextConfiguration;

import static dev.mediaplatform.localstack.ApiClient.credentials;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Register and login against what a hostile or careless client sends: long and multi-byte
 * passwords, credentials of every wrong shape, JSON of the wrong types, names with
 * invisible or look-alike characters. Over HTTP, on a real MariaDB.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = SharedMariaDb.class)
class HostileInputTests {

	static final String PASSWORD = "correct horse battery";

	/** 40 characters, 120 UTF-8 bytes: over BCrypt's 72. */
	static final String EUROS = "€".repeat(40);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient("http://localhost:" + this.port);
	}

	static String uniqueName() {
		return "h" + UUID.randomUUID().toString().substring(0, 8);
	}

	int usersNamed(String username) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM users WHERE username = ?", Integer.class, username);
	}

	static void assertLoginFailed(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.json().path("detail").asString()).isEqualTo("unknown username or wrong password");
	}

	static void assertInvalidField(Response response, String field, String message) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.json().path("title").asString()).isEqualTo("Invalid request");
		assertThat(response.json().path("detail").asString()).startsWith(field + " ").contains(message);
		assertThat(response.json().path("errors").findValuesAsString("field")).containsExactly(field);
	}

	@Nested
	class LongPasswords {

		@Test
		void shouldRegisterAndLogInWithAPasswordOver72BytesOnTheOriginalPaths() {
			String username = uniqueName();

			Response registered = HostileInputTests.this.api.post("/register", credentials(username, EUROS));
			Response login = HostileInputTests.this.api.post("/login", credentials(username, EUROS));

			assertThat(registered.status()).as(registered.body()).isEqualTo(200);
			assertThat(login.status()).as(login.body()).isEqualTo(200);
			assertThat(login.json().propertyNames()).containsExactly("token");
			assertLoginFailed(HostileInputTests.this.api.post("/login", credentials(username, "€".repeat(39) + "e")));
		}

		@Test
		void shouldRegisterAndLogInWith128CharactersOnTheVersionedPaths() {
			String username = uniqueName();
			String longest = "€".repeat(128);

			Response registered = HostileInputTests.this.api.post("/api/v1/auth/register",
					credentials(username, longest));
			Response login = HostileInputTests.this.api.post("/api/v1/auth/login", credentials(username, longest));

			assertThat(registered.status()).as(registered.body()).isEqualTo(201);
			assertThat(login.status()).as(login.body()).isEqualTo(200);
			assertThat(login.json().path("refreshToken").asString()).isNotBlank();
		}

		@Test
		void shouldCountCharactersAsPeopleDoNotUtf16Units() {
			Response registered = HostileInputTests.this.api.post("/api/v1/auth/register",
					credentials(uniqueName(), "\uD83D\uDE00".repeat(100)));

			assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		}

		@Test
		void shouldRefuseAPasswordOverTheLimitNamingTheRuleOnBothPaths() {
			for (String path : List.of("/register", "/api/v1/auth/register")) {
				String username = uniqueName();

				Response response = HostileInputTests.this.api.post(path, credentials(username, "€".repeat(129)));

				assertInvalidField(response, "password", "must be 8 to 128 characters");
				assertThat(usersNamed(username)).isZero();
			}
		}

		@Test
		void shouldStoreNewHashesUnderTheirAlgorithmsName() {
			String username = uniqueName();
			HostileInputTests.this.api.post("/register", credentials(username, PASSWORD));

			String hash = HostileInputTests.this.jdbc
				.queryForObject("SELECT password_hash FROM users WHERE username = ?", String.class, username);
			assertThat(hash).startsWith("{bcrypt-sha256}$2");
		}

		@Test
		void shouldStillLogInAnAccountWhoseHashWasMadeBefore() {
			String username = uniqueName();
			HostileInputTests.this.jdbc.update(
					"INSERT INTO users (id, username, username_key, password_hash, roles, created_at) "
							+ "VALUES (?, ?, ?, ?, 'USER', CURRENT_TIMESTAMP(6))",
					UUID.randomUUID().toString(), username, username,
					"{bcrypt}" + new BCryptPasswordEncoder().encode(PASSWORD));

			Response login = HostileInputTests.this.api.post("/login", credentials(username, PASSWORD));

			assertThat(login.status()).as(login.body()).isEqualTo(200);
			assertThat(login.json().propertyNames()).containsExactly("token");
			assertLoginFailed(HostileInputTests.this.api.post("/login", credentials(username, EUROS)));
		}

	}

	@Nested
	class Login {

		@Test
		void shouldAnswer401ToWrongCredentialsOfAnyShape() {
			String username = uniqueName();
			HostileInputTests.this.api.post("/register", credentials(username, PASSWORD));
			List<Map<String, String>> attempts = List.of(credentials("", ""), credentials(username, ""),
					credentials(username, "short"), credentials(username, "€".repeat(129)),
					credentials(username, "x".repeat(10_000)), credentials(username, "not the password"),
					credentials(uniqueName(), PASSWORD), credentials("a\u202Eb", PASSWORD),
					credentials("x".repeat(1000), PASSWORD));

			for (Map<String, String> attempt : attempts) {
				assertLoginFailed(HostileInputTests.this.api.post("/login", attempt));
				assertLoginFailed(HostileInputTests.this.api.post("/api/v1/auth/login", attempt));
			}
		}

		@Test
		void shouldAnswer400OnlyToABodyThatIsNoCredentials() {
			assertInvalidField(HostileInputTests.this.api.post("/login", Map.of("username", uniqueName())), "password",
					"is required");
			assertInvalidField(HostileInputTests.this.api.post("/login", "{\"username\": 12345, \"password\": \"x\"}"),
					"username", "must be a JSON string");
			Response array = HostileInputTests.this.api.post("/api/v1/auth/login", "[]");
			assertThat(array.status()).isEqualTo(400);
			assertThat(array.json().path("detail").asString()).contains("must be a JSON object");
		}

	}

	@Nested
	class JsonTypes {

		@Test
		void shouldRefuseANumberOrBooleanWhereANameIsExpected() {
			for (String value : List.of("true", "12345", "12345.5")) {
				Response response = HostileInputTests.this.api.post("/register",
						"{\"username\": " + value + ", \"password\": \"" + PASSWORD + "\"}");

				assertInvalidField(response, "username", "must be a JSON string");
				assertThat(usersNamed(value)).as(value).isZero();
			}
		}

		@Test
		void shouldRefuseANumberWhereAPasswordOrTokenIsExpected() {
			assertInvalidField(
					HostileInputTests.this.api.post("/api/v1/auth/register",
							"{\"username\": \"" + uniqueName() + "\", \"password\": 123456789}"),
					"password", "must be a JSON string");
			assertInvalidField(HostileInputTests.this.api.post("/api/v1/auth/refresh", "{\"refreshToken\": 7}"),
					"refreshToken", "must be a JSON string");
		}

	}

	@Nested
	class Names {

		@Test
		void shouldRefuseInvisibleCharactersNamingThem() {
			for (String invisible : List.of("\u202E", "\u200B", "\u2028", "\u0007", "\uE000")) {
				String username = "ab" + invisible + "cd";

				Response response = HostileInputTests.this.api.post("/register", credentials(username, PASSWORD));

				assertInvalidField(response, "username",
						"must not contain invisible, control or formatting characters (found U+%04X)"
							.formatted((int) invisible.charAt(0)));
				assertThat(usersNamed(username)).isZero();
			}
		}

		@Test
		void shouldTakeCanonicallyEquivalentSpellingsAsOneName() {
			String suffix = UUID.randomUUID().toString().substring(0, 8);
			assertThat(HostileInputTests.this.api.post("/register", credentials("kate" + suffix, PASSWORD)).status())
				.isEqualTo(200);

			// U+212A KELVIN SIGN is canonically the letter K: the same name, not a
			// look-alike.
			Response again = HostileInputTests.this.api.post("/register", credentials("\u212Aate" + suffix, PASSWORD));
			Response login = HostileInputTests.this.api.post("/login", credentials("\u212Aate" + suffix, PASSWORD));
			Response other = HostileInputTests.this.api.post("/register", credentials("\u212Aim" + suffix, PASSWORD));

			assertThat(again.status()).as(again.body()).isEqualTo(409);
			assertThat(login.status()).as(login.body()).isEqualTo(200);
			assertThat(ApiClient.tokenClaims(login.json().path("token").asString()).path("username").asString())
				.isEqualTo("kate" + suffix);
			assertThat(other.status()).as(other.body()).isEqualTo(200);
			assertThat(usersNamed("Kim" + suffix)).as("stored in NFC").isOne();
		}

	}

}
