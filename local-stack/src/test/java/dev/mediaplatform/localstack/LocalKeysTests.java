package dev.mediaplatform.localstack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LocalKeysTests {

	@TempDir
	Path data;

	@Test
	void shouldCreateTheStreamUrlKeyOnceOwnerOnlyAndKeepIt() throws Exception {
		Path key = LocalKeys.streamUrlKey(this.data);
		String first = Files.readString(key, StandardCharsets.US_ASCII);

		assertThat(key).isEqualTo(this.data.resolve("keys/stream-url.key"));
		assertThat(Base64.getDecoder().decode(first.trim())).hasSize(32);
		assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(LocalKeys.streamUrlKey(this.data)).isEqualTo(key);
		assertThat(Files.readString(key, StandardCharsets.US_ASCII)).as("kept across restarts").isEqualTo(first);
		try (var files = Files.list(key.getParent())) {
			assertThat(files).containsExactly(key);
		}
	}

}
