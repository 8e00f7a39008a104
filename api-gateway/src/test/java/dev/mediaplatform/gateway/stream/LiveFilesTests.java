package dev.mediaplatform.gateway.stream;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names checked before any path is built. The gateway's firewall refuses most hostile
 * paths before they get here; these checks must hold without it.
 */
class LiveFilesTests {

	static final String CAMERA = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	final Path storage = Path.of("/srv/storage");

	final LiveFiles files = new LiveFiles(this.storage);

	@Test
	void shouldFindThePlaylistAndSegmentsInTheCamerasFolder() {
		Path folder = this.storage.resolve("live").resolve(CAMERA);

		assertThat(this.files.find(CAMERA, "index.m3u8")).hasValueSatisfying((file) -> {
			assertThat(file.path()).isEqualTo(folder.resolve("index.m3u8"));
			assertThat(file.type()).hasToString("application/vnd.apple.mpegurl");
			assertThat(file.playlist()).isTrue();
		});
		assertThat(this.files.find(CAMERA, "a1b2_c-17.ts")).hasValueSatisfying((file) -> {
			assertThat(file.path()).isEqualTo(folder.resolve("a1b2_c-17.ts"));
			assertThat(file.type()).hasToString("video/mp2t");
			assertThat(file.immutable()).isTrue();
		});
		assertThat(this.files.find(CAMERA, "run-3.m4s"))
			.hasValueSatisfying((file) -> assertThat(file.type()).hasToString("video/mp4"));
		assertThat(this.files.find(CAMERA, "mi2x5k1-init.mp4")).as("a run's initialization segment")
			.hasValueSatisfying((file) -> assertThat(file.immutable()).isTrue());
		assertThat(this.files.find(CAMERA, "init.mp4")).hasValueSatisfying((file) -> {
			assertThat(file.type()).hasToString("video/mp4");
			assertThat(file.immutable()).isFalse();
		});
	}

	@Test
	void shouldRefuseEveryOtherNameBeforeBuildingAPath() {
		for (String name : List.of("..", ".", "", "../index.m3u8", "../../secret.ts", "..%2Fx.ts", "a/b.ts",
				"/etc/passwd", "/x.ts", "..\\x.ts", "x.ts\u0000", "x.ts\u0000.m3u8", "index.m3u8/..", "x.ts/",
				"other.m3u8", "muxer.m3u8", "x.TS", "x.txt", "a".repeat(65) + ".ts", ".ts", "x.ts.tmp", "x .ts",
				"é.ts")) {
			assertThat(this.files.find(CAMERA, name)).as(name).isEmpty();
		}
	}

	@Test
	void shouldRefuseCameraIdsThatAreNotCanonicalUuids() {
		for (String id : List.of("..", "../live", CAMERA.toUpperCase(), CAMERA + "/..", "/" + CAMERA,
				CAMERA.replace("-", ""), CAMERA + "0", "")) {
			assertThat(this.files.find(id, "index.m3u8")).as(id).isEmpty();
		}
	}

}
