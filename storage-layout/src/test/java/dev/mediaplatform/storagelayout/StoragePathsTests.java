package dev.mediaplatform.storagelayout;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The layout the workers write and the gateway serves: the same paths for both, built
 * from checked ids only.
 */
class StoragePathsTests {

	static final String CAMERA = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	final Path storage = Path.of("/srv/storage");

	final StoragePaths paths = new StoragePaths(this.storage);

	@Test
	void shouldPlaceAChunkAndItsFilesUnderTheUtcDateOfItsStart() {
		long lastMillisOfAYear = Instant.parse("2025-12-31T23:59:59.999Z").toEpochMilli();
		Path day = this.storage.resolve("recordings/" + CAMERA + "/2025/12/31");

		assertThat(this.paths.chunk(CAMERA, lastMillisOfAYear)).isEqualTo(day.resolve(lastMillisOfAYear + ".mp4"));
		assertThat(this.paths.thumbnail(CAMERA, lastMillisOfAYear)).isEqualTo(day.resolve(lastMillisOfAYear + ".jpg"));
		assertThat(this.paths.chunkPath(CAMERA, lastMillisOfAYear))
			.isEqualTo("recordings/" + CAMERA + "/2025/12/31/" + lastMillisOfAYear + ".mp4");
		assertThat(this.paths.chunkPath(CAMERA, lastMillisOfAYear + 1))
			.isEqualTo("recordings/" + CAMERA + "/2026/01/01/" + (lastMillisOfAYear + 1) + ".mp4");
		assertThat(this.paths.openMarker(CAMERA, 42))
			.isEqualTo(this.storage.resolve("recordings/" + CAMERA + "/.open/42"));
	}

	@Test
	void shouldPlaceLiveFilesAndLeasesInTheCamerasFolders() {
		assertThat(this.paths.liveFolder(CAMERA)).isEqualTo(this.storage.resolve("live/" + CAMERA));
		assertThat(this.paths.livePlaylist(CAMERA)).isEqualTo("live/" + CAMERA + "/index.m3u8");
		assertThat(this.paths.liveFile(CAMERA, "index.m3u8"))
			.hasValue(this.storage.resolve("live/" + CAMERA + "/index.m3u8"));
		assertThat(this.paths.lease(CAMERA)).isEqualTo(this.storage.resolve("leases/" + CAMERA));
	}

	@Test
	void shouldRefuseIdsThatAreNotWhatAWorkerWrites() {
		for (String id : List.of("..", "../live", CAMERA.toUpperCase(), CAMERA + "/..", "/" + CAMERA,
				CAMERA.replace("-", ""), CAMERA + "0", "")) {
			assertThatIllegalArgumentException().as(id).isThrownBy(() -> this.paths.liveFolder(id));
			assertThatIllegalArgumentException().as(id).isThrownBy(() -> this.paths.chunk(id, 0));
			assertThat(this.paths.liveFile(id, "index.m3u8")).as(id).isEmpty();
		}
		assertThat(StorageNames.isCameraId(null)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> this.paths.chunk(CAMERA, -1));
		assertThat(this.paths.liveFile(CAMERA, "../index.m3u8")).isEmpty();
	}

	@Test
	void shouldReadAChunksStartFromItsNamesOnly() {
		assertThat(StorageNames.startOf("1764496000123.mp4")).isEqualTo(1764496000123L);
		assertThat(StorageNames.startOf("1764496000123")).isEqualTo(1764496000123L);
		for (String name : List.of("", ".mp4", "-1", "01.mp4", "1".repeat(16), "12a.mp4", "12.jpg", "1.mp4.mp4")) {
			assertThat(StorageNames.startOf(name)).as(name).isEqualTo(-1);
		}
		assertThat(StorageNames.chunkId("9".repeat(15))).hasValue(999_999_999_999_999L);
		assertThat(StorageNames.chunkId("0001234")).isEmpty();
	}

}
