package dev.mediaplatform.credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CameraCredentialsTests {

	@TempDir
	Path folder;

	@Test
	void shouldGiveReplicasThatCreateTheKeyTogetherTheSameKey() throws Exception {
		Path file = this.folder.resolve("camera/credentials.key");
		int replicas = 8;
		CyclicBarrier together = new CyclicBarrier(replicas);
		List<CompletableFuture<CameraCredentials>> starts = new ArrayList<>();
		for (int replica = 0; replica < replicas; replica++) {
			starts.add(CompletableFuture.supplyAsync(() -> {
				try {
					together.await();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				return CameraCredentials.load(file, true);
			}));
		}
		String sealed = starts.get(0).join().seal("camera-1", "secret");

		for (CompletableFuture<CameraCredentials> start : starts) {
			assertThat(start.join().open("camera-1", sealed)).isEqualTo("secret");
		}
		assertThat(CameraCredentials.load(file, true).open("camera-1", sealed)).as("the key on disk")
			.isEqualTo("secret");
		try (var left = Files.list(file.getParent())) {
			assertThat(left.map((path) -> path.getFileName().toString())).containsExactly("credentials.key");
		}
	}

	@Test
	void shouldRefuseToStartWithoutAKeyUnlessToldToCreateOne() {
		assertThatIllegalStateException()
			.isThrownBy(() -> CameraCredentials.load(this.folder.resolve("none.key"), false))
			.withMessageContaining("CAMERA_CREDENTIALS_KEY_GENERATE=true");
	}

	@Test
	void shouldOpenForAWorkerWhatCameraServiceSealedReadingTheKeyOnlyWhenNeeded() {
		Path file = this.folder.resolve("credentials.key");
		CameraCredentials worker = new CameraCredentials(file);
		String sealed = CameraCredentials.load(file, true).seal("camera-1", "user:pa%40ss");

		assertThat(worker.open("camera-1", sealed)).isEqualTo("user:pa%40ss");
	}

	@Test
	void shouldNameTheWorkersKeyVariableWhenTheKeyIsMissing() {
		CameraCredentials worker = new CameraCredentials(this.folder.resolve("none.key"));

		assertThatIllegalStateException().isThrownBy(() -> worker.open("camera-1", "AAAA"))
			.withMessageContaining("no credentials key at")
			.withMessageContaining("CAMERA_CREDENTIALS_KEY_FILE");
	}

	@Test
	void shouldRefuseAValueSealedForAnotherCamera() {
		Path file = this.folder.resolve("credentials.key");
		String sealed = CameraCredentials.load(file, true).seal("camera-1", "user:secret");

		assertThatIllegalStateException().isThrownBy(() -> new CameraCredentials(file).open("camera-2", sealed))
			.withMessageContaining("do not open with the key in " + file.toAbsolutePath())
			.withMessageContaining("the worker needs the same CAMERA_CREDENTIALS_KEY_FILE as camera-service");
	}

}
