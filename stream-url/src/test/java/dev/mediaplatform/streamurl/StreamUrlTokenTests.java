package dev.mediaplatform.streamurl;

import java.util.Base64;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamUrlTokenTests {

	static final String CAMERA = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	/**
	 * Key bytes 0..31, this camera, expiring at 1700000000: {@code openssl dgst -sha256
	 * -mac HMAC -macopt hexkey:000102...1f} of {@code "v1:<camera>:1700000000"},
	 * base64url without padding.
	 */
	static final String TOKEN = "v1.1700000000.DCSD9KFZ71JySYJ24Nuy7lvC3utkH0Tfaw3RN5isjvw";

	static final StreamUrlToken tokens = new StreamUrlToken(new SecretKeySpec(
			Base64.getDecoder().decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="), StreamUrlKey.ALGORITHM));

	@Test
	void shouldSignTheKnownVector() {
		assertThat(tokens.sign(CAMERA, 1_700_000_000L)).isEqualTo(TOKEN);
	}

	@Test
	void shouldAcceptWhatItSignedUntilItExpires() {
		assertThat(tokens.allows(CAMERA, TOKEN, 1_699_999_999L)).isTrue();
		assertThat(tokens.allows(CAMERA, TOKEN, 1_700_000_000L)).isFalse();
	}

	@Test
	void shouldRefuseATokenForAnotherCameraOrChangedInAnyPart() {
		long now = 1_600_000_000L;

		assertThat(tokens.allows("3f2504e0-4f89-41d3-9a0c-0305e82c3302", TOKEN, now)).isFalse();
		assertThat(tokens.allows(CAMERA, TOKEN.replace("1700000000", "1700000001"), now)).isFalse();
		assertThat(tokens.allows(CAMERA, TOKEN.replace("1700000000", "01700000000"), now)).isFalse();
		assertThat(tokens.allows(CAMERA, TOKEN.replace("v1.", "v2."), now)).isFalse();
		// The last character carries two bits a base64 decoder ignores.
		assertThat(tokens.allows(CAMERA, TOKEN.substring(0, TOKEN.length() - 1) + "x", now)).isFalse();
		assertThat(tokens.allows(CAMERA, TOKEN + "A", now)).isFalse();
		assertThat(tokens.allows(CAMERA, "", now)).isFalse();
		assertThat(tokens.allows(CAMERA, "v1.99999999999999999999.DCSD9KFZ71JySYJ24Nuy7lvC3utkH0Tfaw3RN5isjvw", now))
			.isFalse();
	}

	@Test
	void shouldRefuseATokenSignedWithAnotherKey() {
		StreamUrlToken other = new StreamUrlToken(new SecretKeySpec(new byte[32], StreamUrlKey.ALGORITHM));

		assertThat(other.allows(CAMERA, TOKEN, 1_600_000_000L)).isFalse();
	}

	/**
	 * The same key, camera and expiry, signed for recordings:
	 * {@code "r1:<camera>:1700000000"}.
	 */
	static final String RECORDINGS_TOKEN = "r1.1700000000.lwRdtTBze-OWFNMtgweMOlm3yG4IRbxuw_CYHw-CV1c";

	static final StreamUrlToken recordings = new StreamUrlToken(
			new SecretKeySpec(Base64.getDecoder().decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="),
					StreamUrlKey.ALGORITHM),
			StreamUrlToken.Scope.RECORDINGS);

	@Test
	void shouldSignRecordingsInTheirOwnScope() {
		assertThat(recordings.sign(CAMERA, 1_700_000_000L)).isEqualTo(RECORDINGS_TOKEN);
		assertThat(recordings.allows(CAMERA, RECORDINGS_TOKEN, 1_699_999_999L)).isTrue();
	}

	@Test
	void shouldNeverLetALiveTokenOpenRecordingsOrTheOtherWayRound() {
		long now = 1_600_000_000L;

		assertThat(recordings.allows(CAMERA, TOKEN, now)).isFalse();
		assertThat(recordings.allows(CAMERA, TOKEN.replace("v1.", "r1."), now)).isFalse();
		assertThat(tokens.allows(CAMERA, RECORDINGS_TOKEN, now)).isFalse();
		assertThat(tokens.allows(CAMERA, RECORDINGS_TOKEN.replace("r1.", "v1."), now)).isFalse();
	}

}
