package dev.mediaplatform.auth.token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.mediaplatform.auth.config.AuthProperties;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeysTests {

	@TempDir
	Path dir;

	@Test
	void shouldRefuseToStartWithoutAKeyUnlessAskedToGenerateOne() {
		assertThatThrownBy(() -> SigningKeys.load(new AuthProperties.Keys(this.dir, false)))
			.hasMessageContaining("no signing key at " + this.dir.resolve("signing-key.pem"))
			.hasMessageContaining("AUTH_KEYS_GENERATE=true");

		SigningKeys generated = SigningKeys.load(new AuthProperties.Keys(this.dir, true));
		SigningKeys reloaded = SigningKeys.load(new AuthProperties.Keys(this.dir, false));

		assertThat(reloaded.keyId()).as("generated once, then reused").isEqualTo(generated.keyId());
	}

	@Test
	void shouldKeepVerifyingTokensOfARetiredKeyUntilItIsRemoved() throws Exception {
		Path oldDir = this.dir.resolve("old");
		SigningKeys old = SigningKeys.load(new AuthProperties.Keys(oldDir, true));
		String oldToken = Jwts.builder()
			.header()
			.keyId(old.keyId())
			.and()
			.subject("user-1")
			.expiration(Date.from(Instant.now().plusSeconds(60)))
			.signWith(old.privateKey(), Jwts.SIG.RS256)
			.compact();

		Path currentDir = this.dir.resolve("current");
		SigningKeys.load(new AuthProperties.Keys(currentDir, true));
		Files.writeString(currentDir.resolve("previous.pub.pem"), publicPem(old), StandardCharsets.US_ASCII);
		SigningKeys rotated = SigningKeys.load(new AuthProperties.Keys(currentDir, false));

		assertThat(rotated.keyId()).isNotEqualTo(old.keyId());
		assertThat(rotated.publicKeys().getKeys()).extracting((key) -> key.getKeyID())
			.containsExactly(rotated.keyId(), old.keyId());
		Jwt verified = decoder(rotated).decode(oldToken);
		assertThat(verified.getSubject()).isEqualTo("user-1");

		Files.delete(currentDir.resolve("previous.pub.pem"));
		SigningKeys withoutOld = SigningKeys.load(new AuthProperties.Keys(currentDir, false));
		assertThatThrownBy(() -> decoder(withoutOld).decode(oldToken)).hasMessageContaining("no matching key");
	}

	private static NimbusJwtDecoder decoder(SigningKeys keys) {
		return NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(keys.publicKeys()))
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
	}

	private static String publicPem(SigningKeys keys) throws Exception {
		RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
			.generatePublic(
					new RSAPublicKeySpec(keys.privateKey().getModulus(), keys.privateKey().getPublicExponent()));
		return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(publicKey.getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
	}

}
