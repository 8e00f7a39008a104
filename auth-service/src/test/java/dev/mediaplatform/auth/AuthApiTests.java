package dev.mediaplatform.auth;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import static dev.mediaplatform.localstack.ApiClient.bearer;
import static dev.mediaplatform.localstack.ApiClient.credentials;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account API over HTTP, on a real MariaDB, the original paths and the versioned
 * ones.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = SharedMariaDb.class)
class AuthApiTests {

	static final String PASSWORD = "correct horse battery";

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
		return "u" + UUID.randomUUID().toString().substring(0, 8);
	}

	String register(String username) {
		Response response = this.api.post("/register", credentials(username, PASSWORD));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().path("token").asString();
	}

	int usersNamed(String username) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM users WHERE username_key = LOWER(?)", Integer.class,
				username);
	}

	static JsonNode claims(String token) {
		return ApiClient.tokenClaims(token);
	}

	@Nested
	class Registration {

		@Test
		void shouldAnswerATokenWithTheOriginalShapeWhenRegistering() {
			String username = uniqueName();
			Response response = AuthApiTests.this.api.post("/register", credentials(username, PASSWORD));

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().propertyNames()).containsExactly("token");
			assertThat(usersNamed(username)).isEqualTo(1);
		}

		@Test
		void shouldRefuseANameTakenInAnotherCase() {
			String username = uniqueName();
			register(username);

			Response response = AuthApiTests.this.api.post("/register", credentials(username.toUpperCase(), PASSWORD));

			assertThat(response.status()).isEqualTo(409);
			assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(response.json().path("detail").asString()).contains("is taken");
			assertThat(usersNamed(username)).isEqualTo(1);
		}

		@Test
		void shouldNameEveryBadFieldAndStoreNothing() {
			Response response = AuthApiTests.this.api.post("/register",
					credentials("x'; DROP TABLE users;--", "short"));

			assertThat(response.status()).isEqualTo(400);
			assertThat(response.json().path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("username",
					"password");
			assertThat(AuthApiTests.this.jdbc.queryForObject("SELECT COUNT(*) FROM users WHERE username LIKE 'x%'",
					Integer.class))
				.isZero();
		}

		@Test
		void shouldRefuseUnicodeUsernames() {
			Response response = AuthApiTests.this.api.post("/register", credentials("Ålesund-ü", PASSWORD));

			assertThat(response.status()).isEqualTo(400);
			assertThat(response.json().path("errors").findValuesAsString("field")).containsExactly("username");
		}

		@Test
		void shouldAnswerProblemsForMalformedJsonAndWrongContentType() {
			Response malformed = AuthApiTests.this.api.post("/register", "{\"username\": ");
			assertThat(malformed.status()).isEqualTo(400);
			assertThat(malformed.header("Content-Type")).isEqualTo("application/problem+json");

			Response form = AuthApiTests.this.api.post("/register", "username=a&password=b", "Content-Type",
					"application/x-www-form-urlencoded");
			assertThat(form.status()).isEqualTo(415);
			assertThat(form.header("Content-Type")).isEqualTo("application/problem+json");
		}

		@Test
		void shouldAnswerATokenPairAndCreatedInTheVersionedApi() {
			Response response = AuthApiTests.this.api.post("/api/v1/auth/register",
					credentials(uniqueName(), PASSWORD));

			assertThat(response.status()).isEqualTo(201);
			JsonNode pair = response.json();
			assertThat(pair.path("tokenType").asString()).isEqualTo("Bearer");
			assertThat(pair.path("expiresIn").asLong()).isEqualTo(900);
			assertThat(pair.path("accessToken").asString()).isNotBlank();
			assertThat(pair.path("refreshToken").asString()).isNotBlank();
		}

	}

	@Nested
	class Login {

		@Test
		void shouldAnswerTheSameForAnUnknownUserAndAWrongPassword() {
			String username = uniqueName();
			register(username);

			Response wrongPassword = AuthApiTests.this.api.post("/login", credentials(username, "not the password"));
			Response unknownUser = AuthApiTests.this.api.post("/login", credentials(uniqueName(), "not the password"));

			assertThat(wrongPassword.status()).isEqualTo(401);
			assertThat(unknownUser.status()).isEqualTo(401);
			assertThat(wrongPassword.json().path("detail")).isEqualTo(unknownUser.json().path("detail"));
		}

		@Test
		void shouldLogInWhateverTheCaseOfTheName() {
			String username = uniqueName();
			register(username);

			Response response = AuthApiTests.this.api.post("/login", credentials(username.toUpperCase(), PASSWORD));

			assertThat(response.status()).isEqualTo(200);
			assertThat(claims(response.json().path("token").asString()).path("username").asString())
				.isEqualTo(username);
		}

	}

	@Nested
	class Tokens {

		@Test
		void shouldCarryIssuerSubjectNameRolesAndFifteenMinutes() {
			String username = uniqueName();
			String token = register(username);
			JsonNode claims = claims(token);
			JsonNode header = ApiClient.tokenHeader(token);

			assertThat(header.path("alg").asString()).isEqualTo("RS256");
			assertThat(claims.path("iss").asString()).isEqualTo("media-platform");
			assertThat(claims.path("username").asString()).isEqualTo(username);
			assertThat(claims.path("roles").findValuesAsString("roles")).isEmpty();
			assertThat(claims.path("roles").get(0).asString()).isEqualTo("USER");
			assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(900);
			String id = AuthApiTests.this.jdbc.queryForObject("SELECT id FROM users WHERE username = ?", String.class,
					username);
			assertThat(claims.path("sub").asString()).isEqualTo(id);

			Response jwks = AuthApiTests.this.api.get("/.well-known/jwks.json");
			assertThat(jwks.json().path("keys").findValuesAsString("kid")).contains(header.path("kid").asString());
			assertThat(jwks.body()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
		}

		@Test
		void shouldRotateRefreshTokensAndRevokeTheFamilyWhenOneIsReused() {
			JsonNode first = AuthApiTests.this.api.post("/api/v1/auth/register", credentials(uniqueName(), PASSWORD))
				.json();
			String original = first.path("refreshToken").asString();

			Response rotated = AuthApiTests.this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", original));
			assertThat(rotated.status()).isEqualTo(200);
			String next = rotated.json().path("refreshToken").asString();
			assertThat(next).isNotEqualTo(original);

			Response reuse = AuthApiTests.this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", original));
			assertThat(reuse.status()).isEqualTo(401);
			Response afterTheft = AuthApiTests.this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", next));
			assertThat(afterTheft.status()).as("the family is revoked").isEqualTo(401);
		}

		@Test
		void shouldStoreOnlyTheHashOfARefreshToken() {
			String refresh = AuthApiTests.this.api.post("/api/v1/auth/register", credentials(uniqueName(), PASSWORD))
				.json()
				.path("refreshToken")
				.asString();
			assertThat(AuthApiTests.this.jdbc.queryForObject("SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = ?",
					Integer.class, refresh))
				.isZero();
		}

		@Test
		void shouldEndTheSessionAtLogout() {
			String refresh = AuthApiTests.this.api.post("/api/v1/auth/register", credentials(uniqueName(), PASSWORD))
				.json()
				.path("refreshToken")
				.asString();

			assertThat(AuthApiTests.this.api.post("/api/v1/auth/logout", Map.of("refreshToken", refresh)).status())
				.isEqualTo(204);
			assertThat(AuthApiTests.this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", refresh)).status())
				.isEqualTo(401);
		}

	}

	@Nested
	class Self {

		@Test
		void shouldAnswerTheOriginalSelfShape() {
			String username = uniqueName();
			Response response = AuthApiTests.this.api.get("/self", bearer(register(username)));

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().propertyNames()).containsExactlyInAnyOrder("id", "username", "roles",
					"createdAt");
			assertThat(response.json().path("username").asString()).isEqualTo(username);
			assertThat(response.body()).doesNotContain("password", "$2a$");
		}

		@Test
		void shouldNotTrustAForgedIdentityHeaderWithoutAToken() {
			String victim = AuthApiTests.this.api.get("/self", bearer(register(uniqueName())))
				.json()
				.path("id")
				.asString();

			Response forged = AuthApiTests.this.api.get("/self", "X-User-Id", victim, "X-User-Name", "victim",
					"X-User-Roles", "ADMIN");

			assertThat(forged.status()).isEqualTo(401);
			assertThat(forged.header("WWW-Authenticate")).startsWith("Bearer");
			assertThat(forged.header("Content-Type")).isEqualTo("application/problem+json");
		}

		@Test
		void shouldFindAnotherUserByNameInAnyCaseForSharing() {
			String other = uniqueName();
			register(other);
			String token = register(uniqueName());

			Response found = AuthApiTests.this.api.get("/api/v1/users/lookup?username=" + other.toUpperCase(),
					bearer(token));
			assertThat(found.status()).isEqualTo(200);
			assertThat(found.json().propertyNames()).containsExactlyInAnyOrder("id", "username");
			assertThat(found.json().path("username").asString()).isEqualTo(other);
			assertThat(
					AuthApiTests.this.api.get("/api/v1/users/lookup?username=nobody-" + other, bearer(token)).status())
				.isEqualTo(404);
			assertThat(AuthApiTests.this.api.get("/api/v1/users/lookup?username=" + other).status()).isEqualTo(401);
		}

		@Test
		void shouldRefuseTheTokenOfADeletedAccount() {
			String token = register(uniqueName());
			assertThat(AuthApiTests.this.api.delete("/api/v1/users/me", bearer(token)).status()).isEqualTo(204);

			Response after = AuthApiTests.this.api.get("/self", bearer(token));
			assertThat(after.status()).isEqualTo(401);
			assertThat(after.header("WWW-Authenticate")).contains("invalid_token");
		}

	}

	@Nested
	class Administration {

		@Test
		void shouldListUsersOnlyForAdministrators() {
			String user = register(uniqueName());
			assertThat(AuthApiTests.this.api.get("/users", bearer(user)).status()).isEqualTo(403);
			assertThat(AuthApiTests.this.api.get("/api/v1/users", bearer(user)).status()).isEqualTo(403);
			assertThat(AuthApiTests.this.api.get("/users").status()).isEqualTo(401);

			String admin = adminToken();
			Response list = AuthApiTests.this.api.get("/users", bearer(admin));
			assertThat(list.status()).isEqualTo(200);
			assertThat(list.json().findValuesAsString("username")).contains("root-admin");
			assertThat(list.body()).doesNotContain("password");
			Response badSort = AuthApiTests.this.api.get("/api/v1/users?sort=nonsense", bearer(admin));
			assertThat(badSort.status()).isEqualTo(400);
			assertThat(badSort.json().path("detail").asString()).contains("nonsense");
			Response page = AuthApiTests.this.api.get("/api/v1/users?size=1", bearer(admin));
			assertThat(page.json().path("content").size()).isEqualTo(1);
			assertThat(page.json().path("page").path("totalElements").asLong()).isGreaterThan(1);
		}

		@Test
		void shouldRefuseAPageOrSizeItCannotUseInsteadOfTakingTheDefault() {
			String admin = adminToken();
			// 6700417 × 641 = 2^32 + 1: an int offset of 1.
			for (String query : List.of("page=-1", "page=x", "page=6700417&size=641", "size=0", "size=2001",
					"size=1.5")) {
				Response refused = AuthApiTests.this.api.get("/api/v1/users?" + query, bearer(admin));
				assertThat(refused.status()).as(query + ": " + refused.body()).isEqualTo(400);
				assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
				assertThat(refused.json().path("errors").path(0).path("field").asString()).as(query)
					.isEqualTo(query.substring(0, 4));
			}
			assertThat(AuthApiTests.this.api.get("/api/v1/users?page=0&size=2000", bearer(admin)).status())
				.isEqualTo(200);
			assertThat(AuthApiTests.this.api.get("/api/v1/users?page=-1", bearer(register(uniqueName()))).status())
				.as("not an administrator: refused before the parameters are read")
				.isEqualTo(403);
		}

		@Test
		void shouldLetOnlyAdministratorsDeleteOthers() {
			String victimToken = register(uniqueName());
			String victimId = AuthApiTests.this.api.get("/self", bearer(victimToken)).json().path("id").asString();

			assertThat(
					AuthApiTests.this.api.delete("/api/v1/users/" + victimId, bearer(register(uniqueName()))).status())
				.isEqualTo(403);
			assertThat(AuthApiTests.this.api.delete("/api/v1/users/" + victimId, bearer(adminToken())).status())
				.isEqualTo(204);
			assertThat(AuthApiTests.this.api.get("/self", bearer(victimToken)).status()).isEqualTo(401);
		}

		private String adminToken() {
			Response login = AuthApiTests.this.api.post("/login", credentials("root-admin", PASSWORD));
			if (login.status() == 200) {
				return login.json().path("token").asString();
			}
			String token = register("root-admin");
			assertThat(claims(token).path("roles").toString()).contains("ADMIN");
			return token;
		}

	}

}
