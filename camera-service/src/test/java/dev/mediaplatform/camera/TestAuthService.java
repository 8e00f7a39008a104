package dev.mediaplatform.camera;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.nimbusds.jose.jwk.RSAKey;
import io.jsonwebtoken.Jwts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A WireMock stand-in for auth-service: it publishes a JWKS for a key only the tests
 * hold, and answers user lookups for the users the tests create. Shared by every test of
 * this JVM.
 */
public final class TestAuthService {

	private static final KeyPair keys = rsa();

	static final WireMockServer server = start();

	private static StubMapping broken;

	private TestAuthService() {
	}

	public static String url() {
		return server.baseUrl();
	}

	/** A user auth-service knows, and a token for it. */
	public record User(String id, String username, String token) {
	}

	public static User user(String username) {
		String id = java.util.UUID.randomUUID().toString();
		server
			.stubFor(get(urlPathEqualTo("/api/v1/users/lookup")).withQueryParam("username", equalToIgnoreCase(username))
				.willReturn(okJson("{\"id\":\"" + id + "\",\"username\":\"" + username + "\"}")));
		return new User(id, username, token(id, username));
	}

	static String token(String id, String username) {
		return Jwts.builder()
			.header()
			.keyId("test-key")
			.and()
			.issuer("media-platform")
			.subject(id)
			.claim("username", username)
			.claim("roles", List.of("USER"))
			.issuedAt(new Date())
			.expiration(Date.from(Instant.now().plusSeconds(600)))
			.signWith(keys.getPrivate(), Jwts.SIG.RS256)
			.compact();
	}

	/** Makes user lookups fail as when auth-service is down or broken. */
	static synchronized void breakLookups() {
		broken = server
			.stubFor(get(urlPathEqualTo("/api/v1/users/lookup")).atPriority(1).willReturn(aResponse().withStatus(500)));
	}

	static synchronized void repairLookups() {
		if (broken != null) {
			server.removeStub(broken);
			broken = null;
		}
	}

	private static WireMockServer start() {
		WireMockServer wireMock = new WireMockServer(wireMockConfig().dynamicPort());
		wireMock.start();
		stubJwks(wireMock);
		Runtime.getRuntime().addShutdownHook(new Thread(wireMock::stop));
		return wireMock;
	}

	private static void stubJwks(WireMockServer wireMock) {
		RSAKey jwk = new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID("test-key").build();
		wireMock.stubFor(get(urlPathEqualTo("/.well-known/jwks.json"))
			.willReturn(okJson("{\"keys\":[" + jwk.toPublicJWK().toJSONString() + "]}")));
	}

	private static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
