package dev.mediaplatform.camera.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import dev.mediaplatform.camera.config.CameraProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The URLs camera-service hands out; the token format is tested in stream-url. */
class StreamUrlsTests {

	static final String CAMERA = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	/** Bytes 0..31, as in stream-url's test vector. */
	static final String USER = "9b2f6c1e-5d7a-4e3b-8c1d-2a4f6e8b0c13";

	static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	@TempDir
	Path dir;

	@Test
	void shouldPutTheTokenInThePathAndExpireAfterTheTtl() throws Exception {
		Path keyFile = this.dir.resolve("stream-url.key");
		Files.writeString(keyFile, KEY + "\n");
		Clock clock = Clock.fixed(Instant.ofEpochSecond(1_699_996_400L), ZoneOffset.UTC);

		StreamUrls urls = new StreamUrls(properties(keyFile, false, Duration.ofHours(1)), clock);
		String url = urls.playlist(CAMERA, USER);

		// The vector of stream-url's StreamUrlTokenTests.
		assertThat(url).isEqualTo("/streams/" + CAMERA + "/v2.1700000000." + USER
				+ ".dpBRGHKI175rbwoNEG98dfaoNydtnEehC0kkoRvIoc8/index.m3u8");
		String token = url.split("/")[3];
		assertThat(urls.grantee(CAMERA, token)).hasValue(USER);
		assertThat(urls.recordingsGrantee(CAMERA, token)).as("a live token opens no recordings").isEmpty();
		String folder = urls.recordings(CAMERA, USER);
		assertThat(urls.recordingsGrantee(CAMERA, folder.substring(folder.lastIndexOf('/') + 1))).hasValue(USER);
	}

	@Test
	void shouldRefuseToStartWithoutItsKey() {
		Path keyFile = this.dir.resolve("missing.key");

		assertThatThrownBy(() -> new StreamUrls(properties(keyFile, false, Duration.ofHours(1)), Clock.systemUTC()))
			.hasMessageContaining("STREAM_URL_KEY_FILE");
	}

	static CameraProperties properties(Path keyFile, boolean generate, Duration ttl) {
		return new CameraProperties(
				new CameraProperties.Sources(Set.of("rtsp"), 2048,
						new CameraProperties.Addresses(List.of(), List.of())),
				new CameraProperties.Credentials(Path.of("unused"), false),
				new CameraProperties.Topics("camera.commands", "camera.status", "camera.recordings",
						"camera.recording-deletions", 1, Duration.ofSeconds(10), "camera.events"),
				"http://auth-service", "media-platform", "/streams",
				new CameraProperties.Streams(keyFile, generate, ttl));
	}

}
