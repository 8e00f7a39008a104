package dev.mediaplatform.gateway;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stand-ins for the services behind the gateway in its tests: one WireMock server as
 * auth-service (a JWKS of a key only the tests hold; every account exists) and
 * camera-service (nobody may see any camera unless a test says so; the users of signed
 * URLs keep their cameras), and the access tokens auth-service would sign.
 */
public final class TestServices {

	private TestServices() {
	}

	public static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static WireMockServer start(KeyPair signingKeys) {
		WireMockServer wireMock = new WireMockServer(wireMockConfig().dynamicPort());
		wireMock.start();
		RSAKey jwk = new RSAKey.Builder((RSAPublicKey) signingKeys.getPublic()).keyID("test-key").build();
		wireMock.stubFor(get(urlPathEqualTo("/.well-known/jwks.json"))
			.willReturn(okJson("{\"keys\":[" + jwk.toPublicJWK().toJSONString() + "]}")));
		wireMock.stubFor(get(urlPathEqualTo("/api/v1/users/me")).willReturn(ok()));
		wireMock.stubFor(get(urlPathMatching("/api/v1/cameras/.*")).atPriority(10).willReturn(notFound()));
		// Signed URLs keep working unless a test takes a user off a camera.
		wireMock.stubFor(get(urlPathMatching("/internal/v1/signed-urls/.*")).atPriority(10)
			.willReturn(aResponse().withStatus(204)));
		return wireMock;
	}

	/**
	 * The stand-ins as the registry's only auth-service and camera-service, given all the
	 * time a busy machine needs: a slow first answer must not pass for "camera-service
	 * cannot say" (then a signed URL's signature alone decides; tested with a reset).
	 */
	public static void discover(DynamicPropertyRegistry registry, WireMockServer services) {
		registry.add("gateway.streams.access-timeout", () -> "30s");
		registry.add("spring.cloud.discovery.client.simple.instances.auth-service[0].uri", services::baseUrl);
		registry.add("spring.cloud.discovery.client.simple.instances.camera-service[0].uri", services::baseUrl);
	}

	/**
	 * A client of the gateway on this port, patient with a busy machine's first answers.
	 */
	public static WebTestClient client(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	/** Checks the response is an RFC 9457 problem with this status; answers its body. */
	public static JsonNode assertProblem(WebTestClient.ResponseSpec response, int status) {
		String body = response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		JsonNode problem = JsonMapper.shared().readTree(body);
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		return problem;
	}

	/** An access token of this user, with these roles ({@code USER} when none). */
	public static String token(KeyPair signingKeys, String subject, String... roles) {
		try {
			JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("media-platform")
				.subject(subject)
				.claim("username", subject)
				.claim("roles", (roles.length > 0) ? List.of(roles) : List.of("USER"))
				.issueTime(new Date())
				.expirationTime(Date.from(Instant.now().plusSeconds(900)))
				.build();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test-key").build(), claims);
			jwt.sign(new RSASSASigner(signingKeys.getPrivate()));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
