package dev.mediaplatform.gateway.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recording layout the gateway reads, and the ids checked before any path is built.
 * The router admits only digits and the gateway's firewall refuses most hostile paths
 * before they get here; these checks must hold without either.
 */
class RecordingFilesTests {

	static final String CAMERA = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	@TempDir
	Path storage;

	@Test
	void shouldPlaceAChunkUnderTheUtcDateOfItsStart() {
		RecordingFiles files = new RecordingFiles(this.storage);
		long lastMillisOfAYear = Instant.parse("2025-12-31T23:59:59.999Z").toEpochMilli();

		assertThat(files.find(CAMERA, Long.toString(lastMillisOfAYear))).hasValueSatisfying((file) -> {
			Path folder = this.storage.resolve("recordings/" + CAMERA + "/2025/12/31");
			assertThat(file.path()).isEqualTo(folder.resolve(lastMillisOfAYear + ".mp4"));
			assertThat(file.openMarker())
				.isEqualTo(this.storage.resolve("recordings/" + CAMERA + "/.open/" + lastMillisOfAYear));
			assertThat(file.downloadName()).isEqualTo(CAMERA + "-20251231T235959.999Z.mp4");
		});
		assertThat(files.find(CAMERA, Long.toString(lastMillisOfAYear + 1)))
			.hasValueSatisfying((file) -> assertThat(file.path()).isEqualTo(
					this.storage.resolve("recordings/" + CAMERA + "/2026/01/01/" + (lastMillisOfAYear + 1) + ".mp4")));
		assertThat(files.find(CAMERA, "0")).hasValueSatisfying((file) -> assertThat(file.path())
			.isEqualTo(this.storage.resolve("recordings/" + CAMERA + "/1970/01/01/0.mp4")));
	}

	@Test
	void shouldRefuseEveryOtherRecordingIdBeforeBuildingAPath() {
		RecordingFiles files = new RecordingFiles(this.storage);

		for (String id : List.of("", "..", ".", "-1", "+1", "01", "0001234", "1".repeat(16), "12a", "1e3", "0x10",
				"12.mp4", "12/..", "../12", "12\u0000", " 12", "١٢٣", "timeline", "playback.m3u8")) {
			assertThat(files.find(CAMERA, id)).as(id).isEmpty();
		}
		assertThat(files.find(CAMERA, "9".repeat(15))).as("the longest id").isPresent();
	}

	@Test
	void shouldRefuseCameraIdsThatAreNotCanonicalUuids() {
		RecordingFiles files = new RecordingFiles(this.storage);

		for (String id : List.of("..", "../recordings", CAMERA.toUpperCase(), CAMERA + "/..", "/" + CAMERA,
				CAMERA.replace("-", ""), CAMERA + "0", "")) {
			assertThat(files.find(id, "1700000000000")).as(id).isEmpty();
		}
	}

	@Test
	void shouldTellACompleteChunkFromOneBeingWrittenAndAMissingOne() throws IOException {
		RecordingFiles files = new RecordingFiles(this.storage);
		RecordingFiles.RecordingFile file = files.find(CAMERA, "1700000000000").orElseThrow();

		assertThat(files.stateOf(file)).isEqualTo(RecordingFiles.State.MISSING);
		Files.createDirectories(file.path().getParent());
		Files.createDirectories(file.openMarker().getParent());
		Files.write(file.openMarker(), new byte[0]);
		Files.write(file.path(), new byte[10]);
		assertThat(files.stateOf(file)).isEqualTo(RecordingFiles.State.GROWING);
		Files.delete(file.openMarker());
		assertThat(files.stateOf(file)).isEqualTo(RecordingFiles.State.COMPLETE);
	}

	@Test
	void shouldNotFollowLinksToAChunkOrItsFolders() throws IOException {
		Path secret = Files.write(this.storage.resolve("secret.mp4"), new byte[10]);
		RecordingFiles files = new RecordingFiles(this.storage);
		RecordingFiles.RecordingFile linkedFile = files.find(CAMERA, "1700000000000").orElseThrow();
		Files.createDirectories(linkedFile.path().getParent());
		Files.createSymbolicLink(linkedFile.path(), secret);

		assertThat(files.stateOf(linkedFile)).isEqualTo(RecordingFiles.State.MISSING);

		// A day folder that is a link to another camera's day.
		String other = "11111111-2222-4333-8444-555555555555";
		RecordingFiles.RecordingFile theirs = files.find(other, "1600000000000").orElseThrow();
		Files.createDirectories(theirs.path().getParent());
		Files.write(theirs.path(), new byte[10]);
		RecordingFiles.RecordingFile mine = files.find(CAMERA, "1600000000000").orElseThrow();
		Files.createDirectories(mine.path().getParent().getParent());
		Files.createSymbolicLink(mine.path().getParent(), theirs.path().getParent());

		assertThat(mine.path()).exists();
		assertThat(files.stateOf(mine)).isEqualTo(RecordingFiles.State.MISSING);
		assertThat(files.stateOf(theirs)).isEqualTo(RecordingFiles.State.COMPLETE);
	}

	@Test
	void shouldServeThroughALinkedStorageFolderItself() throws IOException {
		// The volume may be mounted behind a link; only what lies below recordings/ is
		// checked.
		Path real = Files.createDirectories(this.storage.resolve("volume"));
		Path mount = Files.createSymbolicLink(this.storage.resolve("mount"), real);
		RecordingFiles files = new RecordingFiles(mount);
		RecordingFiles.RecordingFile file = files.find(CAMERA, "1700000000000").orElseThrow();
		Files.createDirectories(file.path().getParent());
		Files.write(file.path(), new byte[10]);

		assertThat(files.stateOf(file)).isEqualTo(RecordingFiles.State.COMPLETE);
	}

	@Test
	void shouldNotTakeAFolderForAChunk() throws IOException {
		RecordingFiles files = new RecordingFiles(this.storage);
		RecordingFiles.RecordingFile file = files.find(CAMERA, "1700000000000").orElseThrow();
		Files.createDirectories(file.path());

		assertThat(files.stateOf(file)).isEqualTo(RecordingFiles.State.MISSING);
	}

}
