package dev.mediaplatform.worker.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live folder's playlist bookkeeping, without FFmpeg: the muxer's writes are
 * simulated, and the player's playlist is checked.
 */
class HlsFolderTests {

	/** Files stay four playlists after they leave, and at most a minute. */
	static final HlsFolder.Keeping KEEPING = new HlsFolder.Keeping(4, Duration.ofMinutes(1));

	@TempDir
	Path folder;

	/** A file an earlier run wrote longer ago than files are kept. */
	void writtenLongAgo(String name, String content) throws Exception {
		Path file = this.folder.resolve(name);
		Files.writeString(file, content);
		Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(KEEPING.lifetime()).minusSeconds(1)));
	}

	/**
	 * A playlist as FFmpeg's muxer writes it: segments {@code from..to}, a discontinuity
	 * before {@code cut}.
	 */
	static String playlist(long from, long to, long cut) {
		StringBuilder text = new StringBuilder(
				"#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:" + from
						+ "\n#EXT-X-INDEPENDENT-SEGMENTS\n");
		for (long n = from; n <= to; n++) {
			if (n == cut) {
				text.append("#EXT-X-DISCONTINUITY\n");
			}
			text.append("#EXTINF:1.000000,\n").append((n < cut) ? "a-" : "b-").append(n).append(".ts\n");
		}
		return text.toString();
	}

	String muxerWrites(String text) throws Exception {
		Files.writeString(this.folder.resolve("muxer.m3u8"), text);
		return text;
	}

	/** What the previous run left: its muxer's playlist and the one players read. */
	void previousRunLeft(String muxer, String published) throws Exception {
		muxerWrites(muxer);
		Files.writeString(this.folder.resolve("index.m3u8"), published);
	}

	/**
	 * An fMP4 playlist as FFmpeg's muxer writes it: segments {@code from..to} of run a,
	 * then of run b from {@code cut} after a discontinuity, and only run b's map.
	 */
	static String fmp4Playlist(long from, long to, long cut) {
		return playlist(from, to, cut).replace(".ts\n", ".m4s\n")
			.replace("#EXT-X-INDEPENDENT-SEGMENTS\n", "#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"b-init.mp4\"\n");
	}

	String current() throws Exception {
		return Files.readString(this.folder.resolve("index.m3u8"));
	}

	@Test
	void shouldCountDiscontinuitiesThatLeftThePlaylist() throws Exception {
		HlsFolder hls = new HlsFolder(this.folder, KEEPING);
		assertThat(hls.prepare()).isFalse();
		hls.publish();
		muxerWrites(playlist(0, 5, 3));
		hls.publish();
		assertThat(current()).doesNotContain("DISCONTINUITY-SEQUENCE");
		muxerWrites(playlist(3, 8, 3));
		hls.publish();
		assertThat(current()).doesNotContain("DISCONTINUITY-SEQUENCE");

		// The segment the discontinuity preceded has left: players must be told.
		muxerWrites(playlist(4, 9, 3));
		hls.publish();
		assertThat(current()).contains("#EXT-X-MEDIA-SEQUENCE:4\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n")
			.doesNotContain("#EXT-X-DISCONTINUITY\n");
		muxerWrites(playlist(5, 10, 3));
		hls.publish();
		assertThat(current()).contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n");
	}

	@Test
	void shouldKeepTheCountWhenAnotherRunContinuesThePlaylist() throws Exception {
		previousRunLeft(playlist(4, 9, 3), playlist(4, 9, 3).replace("#EXT-X-MEDIA-SEQUENCE:4\n",
				"#EXT-X-MEDIA-SEQUENCE:4\n#EXT-X-DISCONTINUITY-SEQUENCE:2\n"));
		HlsFolder hls = new HlsFolder(this.folder, KEEPING);
		assertThat(hls.prepare()).isTrue();
		// The muxer continues the list after a new discontinuity, and knows nothing of
		// the count.
		muxerWrites(playlist(5, 11, 10));
		hls.publish();
		assertThat(current()).contains("#EXT-X-DISCONTINUITY-SEQUENCE:2\n").contains("#EXT-X-DISCONTINUITY\n");
		muxerWrites(playlist(11, 16, 10).replace("#EXT-X-DISCONTINUITY\n", ""));
		hls.publish();
		assertThat(current()).contains("#EXT-X-DISCONTINUITY-SEQUENCE:3\n");
	}

	@Test
	void shouldStartAfreshAfterAnEndedPlaylistAndContinueACutOffOne() throws Exception {
		previousRunLeft(playlist(0, 3, 99), playlist(0, 3, 99));
		Files.writeString(this.folder.resolve("a-0.ts"), "listed");
		writtenLongAgo("old-9.ts", "no longer listed, long ago");
		Files.writeString(this.folder.resolve("a-4.ts.tmp"), "half written");
		HlsFolder hls = new HlsFolder(this.folder, KEEPING);
		assertThat(hls.prepare()).as("a playlist without an end continues").isTrue();
		assertThat(this.folder.resolve("a-0.ts")).exists();
		assertThat(this.folder.resolve("old-9.ts")).doesNotExist();
		assertThat(this.folder.resolve("a-4.ts.tmp")).doesNotExist();

		hls.end();
		assertThat(current()).endsWith("a-3.ts\n#EXT-X-ENDLIST\n");
		hls.end();
		assertThat(current()).containsOnlyOnce("#EXT-X-ENDLIST");
		assertThat(new HlsFolder(this.folder, KEEPING).prepare()).as("an ended playlist starts afresh").isFalse();
		assertThat(this.folder).isEmptyDirectory();
	}

	@Test
	void shouldNotContinueWithoutTheMuxersPlaylist() throws Exception {
		Files.writeString(this.folder.resolve("index.m3u8"), playlist(0, 3, 99));
		assertThat(new HlsFolder(this.folder, KEEPING).prepare()).isFalse();
		assertThat(this.folder).isEmptyDirectory();
	}

	@Test
	void shouldGiveEveryFmp4RunItsOwnMap() throws Exception {
		HlsFolder hls = new HlsFolder(this.folder, KEEPING);
		hls.prepare();
		muxerWrites(fmp4Playlist(0, 4, 3));
		hls.publish();
		assertThat(current()).isEqualTo("""
				#EXTM3U
				#EXT-X-VERSION:6
				#EXT-X-TARGETDURATION:1
				#EXT-X-MEDIA-SEQUENCE:0
				#EXT-X-INDEPENDENT-SEGMENTS
				#EXT-X-MAP:URI="a-init.mp4"
				#EXTINF:1.000000,
				a-0.m4s
				#EXTINF:1.000000,
				a-1.m4s
				#EXTINF:1.000000,
				a-2.m4s
				#EXT-X-DISCONTINUITY
				#EXT-X-MAP:URI="b-init.mp4"
				#EXTINF:1.000000,
				b-3.m4s
				#EXTINF:1.000000,
				b-4.m4s
				""");
	}

	@Test
	void shouldDeleteAnInitializationSegmentAPlaylistAfterItsLastSegmentLeft() throws Exception {
		HlsFolder hls = new HlsFolder(this.folder, KEEPING);
		hls.prepare();
		Files.writeString(this.folder.resolve("a-init.mp4"), "run a");
		Files.writeString(this.folder.resolve("b-init.mp4"), "run b");
		muxerWrites(fmp4Playlist(1, 4, 3));
		hls.publish();
		muxerWrites(fmp4Playlist(3, 6, 3));
		hls.publish();
		assertThat(current()).doesNotContain("a-init.mp4");
		for (int first = 4; first < 7; first++) {
			muxerWrites(fmp4Playlist(first, first + 3, 3));
			hls.publish();
			assertThat(this.folder.resolve("a-init.mp4"))
				.as("a player a playlist behind may still fetch run a's last segment")
				.exists();
		}
		muxerWrites(fmp4Playlist(7, 10, 3));
		hls.publish();
		assertThat(current()).contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n");
		assertThat(this.folder.resolve("a-init.mp4")).doesNotExist();
		assertThat(this.folder.resolve("b-init.mp4")).exists();
	}

	@Test
	void shouldKeepTheInitializationSegmentsOfAPlaylistItContinues() throws Exception {
		HlsFolder first = new HlsFolder(this.folder, KEEPING);
		first.prepare();
		Files.writeString(this.folder.resolve("a-init.mp4"), "run a");
		Files.writeString(this.folder.resolve("b-init.mp4"), "run b");
		writtenLongAgo("old-init.mp4", "a run no longer listed");
		muxerWrites(fmp4Playlist(0, 4, 3));
		first.publish();

		assertThat(new HlsFolder(this.folder, KEEPING).prepare()).isTrue();
		assertThat(this.folder.resolve("a-init.mp4")).exists();
		assertThat(this.folder.resolve("b-init.mp4")).exists();
		assertThat(this.folder.resolve("old-init.mp4")).doesNotExist();
	}

	@Test
	void shouldStartAfreshWhenTheSegmentFormatChanges() throws Exception {
		previousRunLeft(playlist(0, 3, 99), playlist(0, 3, 99));
		Files.writeString(this.folder.resolve("a-3.ts"), "listed");
		HlsFolder hls = new HlsFolder(this.folder, KEEPING);
		assertThat(hls.prepare()).isTrue();
		assertThat(hls.continuesWith(false)).isTrue();
		assertThat(hls.continuesWith(true)).as("fMP4 after MPEG-TS").isFalse();

		hls.startAfresh();
		assertThat(this.folder).isEmptyDirectory();
		muxerWrites(fmp4Playlist(0, 1, 99).replace("a-", "b-"));
		hls.publish();
		assertThat(current()).doesNotContain("DISCONTINUITY").contains("#EXT-X-MAP:URI=\"b-init.mp4\"");
	}

	@Test
	void shouldKeepWhatACutOffRunHadNotDeletedYetForPlayersBehind() throws Exception {
		// The run was cut off: a-0 and a-1 had left the playlist, the muxer kept them for
		// players still reading an older playlist, and the next run's muxer knows
		// nothing of them.
		previousRunLeft(playlist(2, 5, 99), playlist(2, 5, 99));
		for (int n = 0; n <= 5; n++) {
			Files.writeString(this.folder.resolve("a-" + n + ".ts"), "segment " + n);
		}
		HlsFolder hls = new HlsFolder(this.folder, KEEPING);
		assertThat(hls.prepare()).isTrue();
		for (int published = 0; published < KEEPING.publications(); published++) {
			assertThat(this.folder.resolve("a-0.ts")).as("after %d playlists", published).exists();
			assertThat(this.folder.resolve("a-1.ts")).exists();
			muxerWrites(playlist(3 + published, 6 + published, 6));
			hls.publish();
		}
		assertThat(this.folder.resolve("a-0.ts")).as("a playlist's time later").doesNotExist();
		assertThat(this.folder.resolve("a-1.ts")).doesNotExist();
		assertThat(this.folder.resolve("a-2.ts")).as("the muxer's to delete").exists();
	}

}
