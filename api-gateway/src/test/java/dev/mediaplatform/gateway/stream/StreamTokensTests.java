package dev.mediaplatform.gateway.stream;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamTokensTests {

	static final String CAMERA = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	/**
	 * The vector camera-service's tests sign: key bytes 0..31, this camera, expiring at
	 * 1700000000.
	 */
	static final String TOKEN = "v1.1700000000.DCSD9KFZ71JySYJ24Nuy7lvC3utkH0Tfaw3RN5isjvw";

	static final SecretKeySpec KEY = new SecretKeySpec(
			Base64.getDecoder().decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="), "HmacSHA256");

	@Test
	void shouldAcceptWhatCameraServiceSignsUntilItExpires() {
		assertThat(tokensAt(1_699_999_999L).allows(CAMERA, TOKEN)).isTrue();
		assertThat(tokensAt(1_700_000_000L).allows(CAMERA, TOKEN)).isFalse();
	}

	@Test
	void shouldRefuseATokenForAnotherCameraOrChangedInAnyPart() {
		StreamTokens tokens = tokensAt(1_600_000_000L);

		assertThat(tokens.allows("3f2504e0-4f89-41d3-9a0c-0305e82c3302", TOKEN)).isFalse();
		assertThat(tokens.allows(CAMERA, TOKEN.replace("1700000000", "1700000001"))).isFalse();
		assertThat(tokens.allows(CAMERA, TOKEN.replace("1700000000", "01700000000"))).isFalse();
		assertThat(tokens.allows(CAMERA, TOKEN.replace("v1.", "v2."))).isFalse();
		// The last character carries two bits a base64 decoder ignores.
		assertThat(tokens.allows(CAMERA, TOKEN.substring(0, TOKEN.length() - 1) + "x")).isFalse();
		assertThat(tokens.allows(CAMERA, TOKEN + "A")).isFalse();
		assertThat(tokens.allows(CAMERA, "")).isFalse();
		assertThat(tokens.allows(CAMERA, "v1.99999999999999999999.DCSD9KFZ71JySYJ24Nuy7lvC3utkH0Tfaw3RN5isjvw"))
			.isFalse();
	}

	private static StreamTokens tokensAt(long epochSecond) {
		return new StreamTokens(KEY, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
	}

}
