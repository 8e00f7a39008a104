package dev.mediaplatform.camera.camera;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import dev.mediaplatform.camera.config.CameraProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CredentialCipherTests {

	@TempDir
	Path folder;

	@Test
	void shouldGiveReplicasThatCreateTheKeyTogetherTheSameKey() throws Exception {
		Path file = this.folder.resolve("camera/credentials.key");
		CameraProperties.Credentials settings = new CameraProperties.Credentials(file, true);
		int replicas = 8;
		CyclicBarrier together = new CyclicBarrier(replicas);
		List<CompletableFuture<CredentialCipher>> starts = new ArrayList<>();
		for (int replica = 0; replica < replicas; replica++) {
			starts.add(CompletableFuture.supplyAsync(() -> {
				try {
					together.await();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				return CredentialCipher.load(settings);
			}));
		}
		String sealed = starts.get(0).join().encrypt("camera-1", "secret");

		for (CompletableFuture<CredentialCipher> start : starts) {
			assertThat(start.join().decrypt("camera-1", sealed)).isEqualTo("secret");
		}
		assertThat(CredentialCipher.load(settings).decrypt("camera-1", sealed)).as("the key on disk")
			.isEqualTo("secret");
		try (var left = Files.list(file.getParent())) {
			assertThat(left.map((path) -> path.getFileName().toString())).containsExactly("credentials.key");
		}
	}

	@Test
	void shouldRefuseToStartWithoutAKeyUnlessToldToCreateOne() {
		CameraProperties.Credentials settings = new CameraProperties.Credentials(this.folder.resolve("none.key"),
				false);

		assertThatIllegalStateException().isThrownBy(() -> CredentialCipher.load(settings))
			.withMessageContaining("CAMERA_CREDENTIALS_KEY_GENERATE=true");
	}

}
