package dev.mediaplatform.streamurl;

import java.util.Base64;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StreamUrlTokenTests {

	static final String CAMERA = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	static final String USER = "9b2f6c1e-5d7a-4e3b-8c1d-2a4f6e8b0c13";

	static final SecretKeySpec KEY = new SecretKeySpec(
			Base64.getDecoder().decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="), StreamUrlKey.ALGORITHM);

	/**
	 * Key bytes 0..31, this camera and user, expiring at 1700000000: the HMAC-SHA256 of
	 * {@code "v2:<camera>:1700000000:<user>"} in base64url without padding, as openssl
	 * computes it ({@code dgst -sha256 -mac HMAC -macopt hexkey:000102...1f}).
	 */
	static final String TOKEN = "v2.1700000000." + USER + ".dpBRGHKI175rbwoNEG98dfaoNydtnEehC0kkoRvIoc8";

	/** The same, signed for recordings: {@code "r2:<camera>:1700000000:<user>"}. */
	static final String RECORDINGS_TOKEN = "r2.1700000000." + USER + ".Pdaf1sHHjLOdNo3Iu80vrrNHsDIEw1rbrOzOOeS0qxM";

	static final StreamUrlToken tokens = new StreamUrlToken(KEY);

	static final StreamUrlToken recordings = new StreamUrlToken(KEY, StreamUrlToken.Scope.RECORDINGS);

	@Test
	void shouldSignTheKnownVectors() {
		assertThat(tokens.sign(CAMERA, USER, 1_700_000_000L)).isEqualTo(TOKEN);
		assertThat(recordings.sign(CAMERA, USER, 1_700_000_000L)).isEqualTo(RECORDINGS_TOKEN);
	}

	@Test
	void shouldAcceptWhatItSignedUntilItExpiresAndNameItsUser() {
		assertThat(tokens.grantee(CAMERA, TOKEN, 1_699_999_999L)).hasValue(USER);
		assertThat(tokens.allows(CAMERA, TOKEN, 1_699_999_999L)).isTrue();
		assertThat(tokens.allows(CAMERA, TOKEN, 1_700_000_000L)).isFalse();
	}

	@Test
	void shouldRefuseATokenForAnotherCameraOrChangedInAnyPart() {
		long now = 1_600_000_000L;

		assertThat(tokens.allows("3f2504e0-4f89-41d3-9a0c-0305e82c3302", TOKEN, now)).isFalse();
		assertThat(tokens.allows(CAMERA, TOKEN.replace("1700000000", "1700000001"), now)).isFalse();
		assertThat(tokens.allows(CAMERA, TOKEN.replace("1700000000", "01700000000"), now)).isFalse();
		assertThat(tokens.allows(CAMERA, TOKEN.replace(USER, USER.replace('9', '8')), now)).isFalse();
		assertThat(tokens.allows(CAMERA, TOKEN.replace("v2.", "v3."), now)).isFalse();
		// The last character carries two bits a base64 decoder ignores.
		assertThat(tokens.allows(CAMERA, TOKEN.substring(0, TOKEN.length() - 1) + "d", now)).isFalse();
		assertThat(tokens.allows(CAMERA, TOKEN + "A", now)).isFalse();
		assertThat(tokens.allows(CAMERA, "", now)).isFalse();
		assertThat(tokens.allows(CAMERA, TOKEN.replace("1700000000", "99999999999999999999"), now)).isFalse();
	}

	@Test
	void shouldNeverLetALiveTokenOpenRecordingsOrTheOtherWayRound() {
		long now = 1_600_000_000L;

		assertThat(recordings.allows(CAMERA, TOKEN, now)).isFalse();
		assertThat(recordings.allows(CAMERA, TOKEN.replace("v2.", "r2."), now)).isFalse();
		assertThat(tokens.allows(CAMERA, RECORDINGS_TOKEN, now)).isFalse();
		assertThat(tokens.allows(CAMERA, RECORDINGS_TOKEN.replace("r2.", "v2."), now)).isFalse();
	}

	@Test
	void shouldRefuseATokenSignedWithAnotherKey() {
		StreamUrlToken other = new StreamUrlToken(new SecretKeySpec(new byte[32], StreamUrlKey.ALGORITHM));

		assertThat(other.allows(CAMERA, TOKEN, 1_600_000_000L)).isFalse();
	}

	@Test
	void shouldSignOnlyForUserIdsThatKeepTheTokenOneSegment() {
		assertThatIllegalArgumentException().isThrownBy(() -> tokens.sign(CAMERA, "a.b", 1_700_000_000L));
		assertThatIllegalArgumentException().isThrownBy(() -> tokens.sign(CAMERA, "a/b", 1_700_000_000L));
		assertThatIllegalArgumentException().isThrownBy(() -> tokens.sign(CAMERA, "", 1_700_000_000L));
	}

}
