package dev.mediaplatform.camera.camera;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import dev.mediaplatform.camera.config.CameraProperties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamUrlsTests {

	static final String CAMERA = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	/** Bytes 0..31; the gateway's tests check the same vector. */
	static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	@TempDir
	Path dir;

	@Nested
	class Signing {

		@Test
		void shouldSignTheTokenFormatTheGatewayVerifies() {
			SecretKey key = new SecretKeySpec(Base64.getDecoder().decode(KEY), "HmacSHA256");

			// openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1f of
			// "v1:<camera>:1700000000", base64url without padding
			assertThat(StreamUrls.token(key, CAMERA, 1_700_000_000L))
				.isEqualTo("v1.1700000000.DCSD9KFZ71JySYJ24Nuy7lvC3utkH0Tfaw3RN5isjvw");
		}

		@Test
		void shouldPutTheTokenInThePathAndExpireAfterTheTtl() throws Exception {
			Path keyFile = StreamUrlsTests.this.dir.resolve("stream-url.key");
			Files.writeString(keyFile, KEY + "\n");
			Clock clock = Clock.fixed(Instant.ofEpochSecond(1_699_996_400L), ZoneOffset.UTC);

			String url = new StreamUrls(properties(keyFile, false, Duration.ofHours(1)), clock).playlist(CAMERA);

			assertThat(url).isEqualTo(
					"/streams/" + CAMERA + "/v1.1700000000.DCSD9KFZ71JySYJ24Nuy7lvC3utkH0Tfaw3RN5isjvw/index.m3u8");
		}

	}

	@Nested
	class Key {

		@Test
		void shouldRefuseToStartWithoutAKeyNamingTheVariableAndHowToMakeOne() {
			Path keyFile = StreamUrlsTests.this.dir.resolve("missing.key");

			assertThatThrownBy(() -> StreamUrlKey.load(keyFile, false)).hasMessageContaining(keyFile.toString())
				.hasMessageContaining("STREAM_URL_KEY_FILE")
				.hasMessageContaining("STREAM_URL_KEY_GENERATE=true")
				.hasMessageContaining("openssl rand -base64 32");
			assertThat(keyFile).doesNotExist();
		}

		@Test
		void shouldRefuseAKeyThatIsNot256Bits() throws Exception {
			Path keyFile = StreamUrlsTests.this.dir.resolve("short.key");
			Files.writeString(keyFile, Base64.getEncoder().encodeToString(new byte[16]));

			assertThatThrownBy(() -> StreamUrlKey.load(keyFile, true)).hasMessageContaining("256-bit")
				.hasMessageContaining("openssl rand -base64 32");
		}

		@Test
		void shouldCreateOneOwnerOnlyKeyWhenManyStartTogether() throws Exception {
			for (int round = 0; round < 20; round++) {
				Path keyFile = StreamUrlsTests.this.dir.resolve("round-" + round).resolve("stream-url.key");
				List<byte[]> keys = loadConcurrently(keyFile, 4);

				byte[] stored = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).trim());
				assertThat(keys).as("round %d", round).allSatisfy((key) -> assertThat(key).isEqualTo(stored));
				assertThat(Files.getPosixFilePermissions(keyFile))
					.isEqualTo(PosixFilePermissions.fromString("rw-------"));
				try (var files = Files.list(keyFile.getParent())) {
					assertThat(files.map((file) -> file.getFileName().toString())).as("no temporary file left")
						.containsExactly("stream-url.key");
				}
			}
		}

		private List<byte[]> loadConcurrently(Path keyFile, int services) throws Exception {
			ExecutorService pool = Executors.newFixedThreadPool(services);
			try {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<byte[]>> loaded = new ArrayList<>();
				for (int i = 0; i < services; i++) {
					Callable<byte[]> load = () -> {
						start.await();
						return StreamUrlKey.load(keyFile, true).getEncoded();
					};
					loaded.add(pool.submit(load));
				}
				start.countDown();
				List<byte[]> keys = new ArrayList<>();
				for (Future<byte[]> key : loaded) {
					keys.add(key.get());
				}
				return keys;
			}
			finally {
				pool.shutdownNow();
			}
		}

	}

	static CameraProperties properties(Path keyFile, boolean generate, Duration ttl) {
		return new CameraProperties(new CameraProperties.Sources(Set.of("rtsp"), 2048),
				new CameraProperties.Credentials(Path.of("unused"), false),
				new CameraProperties.Topics("camera.commands", "camera.status", 1, Duration.ofSeconds(10)),
				"http://auth-service", "media-platform", "/streams",
				new CameraProperties.Streams(keyFile, generate, ttl));
	}

}
