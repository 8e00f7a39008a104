package dev.mediaplatform.streamurl;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamUrlKeyTests {

	@TempDir
	Path dir;

	@Test
	void shouldRefuseToStartWithoutAKeyNamingTheVariableAndHowToMakeOne() {
		Path keyFile = this.dir.resolve("missing.key");

		assertThatThrownBy(() -> StreamUrlKey.load(keyFile, false)).hasMessageContaining(keyFile.toString())
			.hasMessageContaining("STREAM_URL_KEY_FILE")
			.hasMessageContaining("STREAM_URL_KEY_GENERATE=true")
			.hasMessageContaining("openssl rand -base64 32");
		assertThat(keyFile).doesNotExist();
	}

	@Test
	void shouldRefuseAKeyThatIsNot256Bits() throws Exception {
		Path keyFile = this.dir.resolve("short.key");
		Files.writeString(keyFile, Base64.getEncoder().encodeToString(new byte[16]));

		assertThatThrownBy(() -> StreamUrlKey.load(keyFile, true)).hasMessageContaining("256-bit")
			.hasMessageContaining("openssl rand -base64 32");
	}

	@Test
	void shouldCreateOneOwnerOnlyKeyWhenManyStartTogether() throws Exception {
		for (int round = 0; round < 20; round++) {
			Path keyFile = this.dir.resolve("round-" + round).resolve("stream-url.key");
			List<byte[]> keys = loadConcurrently(keyFile, 4);

			byte[] stored = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).trim());
			assertThat(keys).as("round %d", round).allSatisfy((key) -> assertThat(key).isEqualTo(stored));
			assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
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
