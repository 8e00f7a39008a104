package dev.mediaplatform.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.mediaplatform.localstack.ApiClient.bearer;
import static dev.mediaplatform.localstack.ApiClient.credentials;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounts and tokens through the gateway of a running platform: the whole journey, and
 * every attack the gateway must refuse with a 4xx problem detail, never a 5xx, storing
 * nothing.
 */
class AccountsIT {

	static final String PASSWORD = "a long enough password";

	static ApiClient gateway;

	@BeforeAll
	static void platform() {
		gateway = SharedPlatform.gateway();
	}

	static String uniqueName() {
		return "e2e" + UUID.randomUUID().toString().substring(0, 8);
	}

	static String register(String username) {
		Response response = gateway.post("/register", credentials(username, PASSWORD));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().path("token").asString();
	}

	static String adminToken() {
		Response login = gateway.post("/login", credentials(SharedPlatform.ADMIN, PASSWORD));
		return (login.status() == 200) ? login.json().path("token").asString() : register(SharedPlatform.ADMIN);
	}

	static List<String> usernames() {
		Response users = gateway.get("/users", bearer(adminToken()));
		assertThat(users.status()).isEqualTo(200);
		return users.json().findValuesAsString("username");
	}

	static void assertProblem(Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).as(response.body()).startsWith("application/problem+json");
		assertThat(response.json().path("status").asInt()).isEqualTo(status);
	}

	static void assertUnauthorized(Response response) {
		assertProblem(response, 401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
	}

	@Nested
	class Journey {

		@Test
		void shouldRegisterLogInReadSelfRefreshAndLogOut() {
			String username = uniqueName();
			assertThat(register(username)).isNotBlank();

			Response login = gateway.post("/login", credentials(username, PASSWORD));
			assertThat(login.status()).isEqualTo(200);
			String token = login.json().path("token").asString();

			Response self = gateway.get("/self", bearer(token));
			assertThat(self.status()).isEqualTo(200);
			assertThat(self.json().path("username").asString()).isEqualTo(username);
			assertThat(self.json().path("roles").get(0).asString()).isEqualTo("USER");

			JsonNode pair = gateway.post("/api/v1/auth/login", credentials(username, PASSWORD)).json();
			Response refreshed = gateway.post("/api/v1/auth/refresh",
					Map.of("refreshToken", pair.path("refreshToken").asString()));
			assertThat(refreshed.status()).isEqualTo(200);
			String refreshToken = refreshed.json().path("refreshToken").asString();
			assertThat(
					gateway.get("/api/v1/users/me", bearer(refreshed.json().path("accessToken").asString())).status())
				.isEqualTo(200);

			assertThat(gateway.post("/api/v1/auth/logout", Map.of("refreshToken", refreshToken)).status())
				.isEqualTo(204);
			assertUnauthorized(gateway.post("/api/v1/auth/refresh", Map.of("refreshToken", refreshToken)));
		}

		@Test
		void shouldListUsersForTheAdministratorOnly() {
			String username = uniqueName();
			String token = register(username);

			Response forbidden = gateway.get("/users", bearer(token));
			assertProblem(forbidden, 403);
			assertThat(usernames()).contains(username, SharedPlatform.ADMIN);
		}

		@Test
		void shouldServeTheOpenApiDocument() {
			Response document = gateway.get("/v3/api-docs/auth");
			assertThat(document.status()).isEqualTo(200);
			assertThat(document.json().path("paths").propertyNames()).contains("/register", "/login", "/self", "/users",
					"/api/v1/auth/refresh", "/api/v1/auth/logout", "/api/v1/users/me");
		}

	}

	@Nested
	class ForgedTokens {

		@Test
		void shouldRefuseMissingAndGarbledTokens() {
			assertUnauthorized(gateway.get("/self"));
			assertUnauthorized(gateway.get("/self", "Authorization", "Bearer not.a.token"));
			assertUnauthorized(gateway.get("/self", "Authorization", "Bearer " + "x".repeat(5000)));
			assertUnauthorized(gateway.get("/self", "Authorization", "Basic YWRtaW46YWRtaW4="));
		}

		@Test
		void shouldRefuseAnUnsignedToken() {
			String subject = idOf(register(uniqueName()));
			String none = Jwts.builder()
				.subject(subject)
				.issuer("media-platform")
				.claim("roles", List.of("ADMIN"))
				.expiration(Date.from(Instant.now().plusSeconds(600)))
				.compact();
			assertThat(ApiClient.tokenHeader(none).path("alg").asString()).isEqualTo("none");
			assertUnauthorized(gateway.get("/self", bearer(none)));
		}

		@Test
		void shouldRefuseAnHs256TokenKeyedWithThePublicKey() {
			String subject = idOf(register(uniqueName()));
			byte[] publicKey = gateway.get("/.well-known/jwks.json").body().getBytes(StandardCharsets.UTF_8);
			String forged = Jwts.builder()
				.header()
				.keyId(activeKeyId())
				.and()
				.subject(subject)
				.issuer("media-platform")
				.expiration(Date.from(Instant.now().plusSeconds(600)))
				.signWith(Keys.hmacShaKeyFor(publicKey), Jwts.SIG.HS256)
				.compact();
			assertUnauthorized(gateway.get("/self", bearer(forged)));
		}

		@Test
		void shouldRefuseATokenSignedByAnotherKeyUnderTheRightKeyId() throws Exception {
			String subject = idOf(register(uniqueName()));
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			String forged = signed(subject, Instant.now(), Instant.now().plusSeconds(600),
					generator.generateKeyPair().getPrivate());
			assertUnauthorized(gateway.get("/self", bearer(forged)));
		}

		@Test
		void shouldRefuseExpiredAndNotYetValidTokensSignedWithTheRealKey() throws Exception {
			String subject = idOf(register(uniqueName()));
			Instant now = Instant.now();
			String valid = signed(subject, now, now.plusSeconds(600), platformKey());
			assertThat(gateway.get("/self", bearer(valid)).status()).as("the real key signs valid tokens")
				.isEqualTo(200);

			assertUnauthorized(gateway.get("/self",
					bearer(signed(subject, now.minusSeconds(3600), now.minusSeconds(1800), platformKey()))));
			assertUnauthorized(gateway.get("/self",
					bearer(signed(subject, now.plusSeconds(1800), now.plusSeconds(3600), platformKey()))));
		}

		@Test
		void shouldRefuseATamperedPayload() {
			String token = register(uniqueName());
			String[] parts = token.split("\\.");
			String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
				.replace("\"USER\"", "\"ADMIN\"");
			String tampered = parts[0] + "."
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
					+ "." + parts[2];
			assertUnauthorized(gateway.get("/users", bearer(tampered)));
		}

		@Test
		void shouldRefuseTheTokenOfADeletedAccountEverywhere() {
			String token = register(uniqueName());
			assertThat(gateway.get("/self", bearer(token)).status()).isEqualTo(200);

			assertThat(gateway.delete("/api/v1/users/me", bearer(token)).status()).isEqualTo(204);

			assertUnauthorized(gateway.get("/self", bearer(token)));
			assertUnauthorized(gateway.get("/cameras", bearer(token)));
		}

		private static String idOf(String token) {
			return gateway.get("/self", bearer(token)).json().path("id").asString();
		}

		private static String activeKeyId() {
			return gateway.get("/.well-known/jwks.json").json().path("keys").get(0).path("kid").asString();
		}

		private static String signed(String subject, Instant notBefore, Instant expiry, PrivateKey key) {
			return Jwts.builder()
				.header()
				.keyId(activeKeyId())
				.and()
				.subject(subject)
				.issuer("media-platform")
				.claim("username", "whoever")
				.claim("roles", List.of("USER"))
				.issuedAt(Date.from(notBefore))
				.notBefore(Date.from(notBefore))
				.expiration(Date.from(expiry))
				.signWith(key, Jwts.SIG.RS256)
				.compact();
		}

		/**
		 * The local platform keeps its signing key in its data folder; a test may read
		 * it, an attacker may not.
		 */
		private static PrivateKey platformKey() throws Exception {
			String pem = Files.readString(SharedPlatform.dataDir().resolve("auth/keys/signing-key.pem"));
			String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
			return KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
		}

	}

	@Nested
	class ForgedIdentity {

		@Test
		void shouldReplaceIdentityHeadersWithTheTokensIdentity() {
			String alice = uniqueName();
			String aliceToken = register(alice);
			String bobId = gateway.get("/self", bearer(register(uniqueName()))).json().path("id").asString();

			Response self = gateway.get("/self", "Authorization", "Bearer " + aliceToken, "X-User-Id", bobId,
					"X-User-Name", "bob", "X-User-Roles", "ADMIN");

			assertThat(self.status()).isEqualTo(200);
			assertThat(self.json().path("username").asString()).isEqualTo(alice);
			assertProblem(gateway.get("/users", "Authorization", "Bearer " + aliceToken, "X-User-Roles", "ADMIN"), 403);
		}

		@Test
		void shouldNotTrustIdentityHeadersSentStraightToAService() {
			String victimId = gateway.get("/self", bearer(register(uniqueName()))).json().path("id").asString();
			ApiClient authService = SharedPlatform.direct(SharedPlatform.get().settings().ports().auth());

			assertUnauthorized(authService.get("/self", "X-User-Id", victimId, "X-User-Roles", "ADMIN"));
			assertUnauthorized(authService.get("/users", "X-User-Id", victimId, "X-User-Roles", "ADMIN"));
		}

	}

	@Nested
	class BadInput {

		@Test
		void shouldRefuseSqlLookingAndUnicodeUsernamesAndStoreNothing() {
			for (String username : List.of("admin' OR '1'='1", "x\"; DROP TABLE users; --", "Zoë", "名前名前",
					"admin\u0000", "ab", "a".repeat(33))) {
				Response response = gateway.post("/register", credentials(username, PASSWORD));
				assertProblem(response, 400);
				assertThat(response.json().path("errors").findValuesAsString("field")).contains("username");
			}
			assertThat(usernames())
				.noneMatch((name) -> name.contains("'") || name.contains("\"") || name.contains("Zo"));
		}

		@Test
		void shouldRefuseATenMegabyteBody() {
			String huge = "{\"username\":\"" + uniqueName() + "\",\"password\":\"" + "p".repeat(10 * 1024 * 1024)
					+ "\"}";
			assertProblem(gateway.post("/register", huge), 413);
		}

		@Test
		void shouldRefuseAWrongContentTypeAndMalformedJson() {
			String username = uniqueName();
			assertProblem(gateway.post("/register", "username=" + username + "&password=" + PASSWORD, "Content-Type",
					"application/x-www-form-urlencoded"), 415);
			assertProblem(gateway.post("/register", "{\"username\": \"" + username), 400);
			assertProblem(gateway.post("/register", "[]"), 400);
			assertThat(usernames()).doesNotContain(username);
		}

		@Test
		void shouldRefuseATakenNameInAnyCase() {
			String username = uniqueName();
			register(username);
			assertProblem(gateway.post("/register", credentials(username.toUpperCase(), PASSWORD)), 409);
		}

		@Test
		void shouldSlowDownPasswordGuessingWithRetryAfter() {
			String username = uniqueName();
			register(username);
			Response last = null;
			for (int attempt = 0; attempt < 12; attempt++) {
				last = gateway.post("/login", credentials(username, "wrong password " + attempt));
				if (last.status() == 429) {
					break;
				}
				assertProblem(last, 401);
			}
			assertProblem(last, 429);
			assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
		}

	}

}
