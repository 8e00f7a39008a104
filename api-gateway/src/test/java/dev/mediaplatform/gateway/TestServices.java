package dev.mediaplatform.gateway;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

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
