package dev.mediaplatform.auth.user;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's password encoder: passwords of any length, and the hashes made before.
 */
class PasswordEncoderTests {

	static final String EUROS_120_BYTES = "€".repeat(40);

	final PasswordEncoder encoder = new PasswordConfiguration().passwordEncoder();

	@Nested
	class NewHashes {

		@Test
		void shouldHashAndVerifyAPasswordLongerThanBcryptReads() {
			String hash = PasswordEncoderTests.this.encoder.encode(EUROS_120_BYTES);

			assertThat(hash).startsWith("{bcrypt-sha256}$2");
			assertThat(PasswordEncoderTests.this.encoder.matches(EUROS_120_BYTES, hash)).isTrue();
			assertThat(PasswordEncoderTests.this.encoder.matches("€".repeat(39), hash)).isFalse();
		}

		@Test
		void shouldTellApartPasswordsThatDifferOnlyAfterTheFirst72Bytes() {
			String prefix = "a".repeat(72);
			String hash = PasswordEncoderTests.this.encoder.encode(prefix + "1");

			assertThat(PasswordEncoderTests.this.encoder.matches(prefix + "2", hash)).isFalse();
			assertThat(PasswordEncoderTests.this.encoder.matches(prefix + "1", hash)).isTrue();
		}

		@Test
		void shouldHashAPasswordOfAnyLengthWhenLoginChecksIt() {
			String huge = "x".repeat(100_000);
			String hash = PasswordEncoderTests.this.encoder.encode("a normal password");

			assertThat(PasswordEncoderTests.this.encoder.matches(huge, hash)).isFalse();
		}

	}

	@Nested
	class HashesMadeBefore {

		final String legacy = "{bcrypt}" + new BCryptPasswordEncoder().encode("correct horse battery");

		@Test
		void shouldStillVerifyABcryptHash() {
			assertThat(PasswordEncoderTests.this.encoder.matches("correct horse battery", this.legacy)).isTrue();
			assertThat(PasswordEncoderTests.this.encoder.matches("wrong horse battery", this.legacy)).isFalse();
		}

		@Test
		void shouldAnswerNoMatchRatherThanFailForAPasswordOverBcryptsLimit() {
			assertThat(PasswordEncoderTests.this.encoder.matches(EUROS_120_BYTES, this.legacy)).isFalse();
		}

	}

}
