package dev.mediaplatform.worker.media;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live folder's Low-Latency HLS bookkeeping, without FFmpeg: runs, parts and segments
 * are handed over as the output would, and the files and the playlist players read are
 * checked.
 */
class HlsFolderTests {

	/** Files stay four segments after they leave, and at most a minute. */
	static final HlsFolder.Keeping KEEPING = new HlsFolder.Keeping(4, Duration.ofMinutes(1));

	static final Instant START = Instant.parse("2026-12-07T22:00:00Z");

	@TempDir
	Path folder;

	HlsFolder hls() {
		return new HlsFolder(this.folder, KEEPING, 6, 0.2);
	}

	String current() throws Exception {
		return Files.readString(this.folder.resolve("index.m3u8"));
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** {@code count} segments of five 200 ms parts. */
	static void segments(HlsFolder hls, int count) throws Exception {
		for (int n = 0; n < count; n++) {
			for (int k = 0; k < 5; k++) {
				hls.part(bytes("part" + k + ";"), 0.2, k == 0);
			}
			hls.endSegment();
		}
	}

	List<String> files() throws Exception {
		try (Stream<Path> files = Files.list(this.folder)) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
	}

	@Test
	void shouldListEachPartTheMomentItIsWrittenAndHintTheNext() throws Exception {
		HlsFolder hls = hls();
		assertThat(hls.prepare()).isFalse();
		hls.startRun(bytes("init"), START);
		hls.part(bytes("moof0"), 0.2, true);
		String playlist = current();
		assertThat(playlist).startsWith("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:1\n")
			.contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600\n")
			.contains("#EXT-X-PART-INF:PART-TARGET=0.200\n#EXT-X-MEDIA-SEQUENCE:0\n")
			.containsPattern("#EXT-X-MAP:URI=\"([a-z0-9]+)-init.mp4\"\n#EXT-X-PROGRAM-DATE-TIME:2026-12-07T22:00:00Z\n"
					+ "#EXT-X-PART:DURATION=0.200,URI=\"\\1-0-0.m4s\",INDEPENDENT=YES\n"
					+ "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"\\1-0-1.m4s\"\n$")
			.doesNotContain("#EXTINF");
		for (int k = 1; k < 5; k++) {
			hls.part(bytes("moof" + k), 0.2, false);
		}
		hls.endSegment();
		playlist = current();
		assertThat(playlist).containsPattern("URI=\"([a-z0-9]+)-0-4.m4s\"\n#EXTINF:1.000,\n\\1-0.m4s\n"
				+ "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"\\1-1-0.m4s\"\n$");
		String segment = playlist.lines()
			.filter((line) -> line.endsWith("-0.m4s") && !line.startsWith("#"))
			.findFirst()
			.orElseThrow();
		assertThat(Files.readString(this.folder.resolve(segment))).isEqualTo("moof0moof1moof2moof3moof4");
		assertThat(files()).noneMatch((name) -> name.endsWith(".tmp"));
	}

	@Test
	void shouldListPartsOfTheNewestSegmentsOnlyAndDateEverySegment() throws Exception {
		HlsFolder hls = hls();
		hls.prepare();
		hls.startRun(bytes("init"), START);
		segments(hls, 8);
		String playlist = current();
		assertThat(playlist).contains("#EXT-X-MEDIA-SEQUENCE:2\n");
		assertThat(playlist.lines().filter((line) -> line.startsWith("#EXTINF"))).hasSize(6);
		assertThat(playlist.lines().filter((line) -> line.startsWith("#EXT-X-PART:")))
			.as("the parts of the two newest segments")
			.hasSize(10);
		assertThat(playlist).contains("#EXT-X-PROGRAM-DATE-TIME:2026-12-07T22:00:02Z\n")
			.contains("#EXT-X-PROGRAM-DATE-TIME:2026-12-07T22:00:07Z\n")
			.containsOnlyOnce("#EXT-X-MAP");
	}

	@Test
	void shouldDeleteFilesASegmentCountAfterTheyLeaveThePlaylist() throws Exception {
		HlsFolder hls = hls();
		hls.prepare();
		hls.startRun(bytes("init"), START);
		segments(hls, 6 + 1);
		String run = current().lines()
			.filter((line) -> line.startsWith("#EXT-X-MAP"))
			.findFirst()
			.orElseThrow()
			.replaceAll(".*URI=\"([a-z0-9]+)-init.mp4\"", "$1");
		assertThat(files()).as("the oldest parts have gone")
			.contains(run + "-0.m4s", run + "-4-0.m4s")
			.doesNotContain(run + "-0-0.m4s");
		segments(hls, 3);
		assertThat(files()).as("kept for players a playlist behind").contains(run + "-0.m4s", run + "-4-0.m4s");
		segments(hls, 2);
		assertThat(files()).doesNotContain(run + "-0.m4s", run + "-0-0.m4s", run + "-4-0.m4s")
			.contains(run + "-6.m4s", run + "-init.mp4");
	}

	@Test
	void shouldContinueACutOffPlaylistWithItsLastSegmentMadeOfTheListedParts() throws Exception {
		HlsFolder first = hls();
		first.prepare();
		first.startRun(bytes("init-a"), START);
		segments(first, 3);
		first.part(bytes("a0"), 0.2, true);
		first.part(bytes("a1"), 0.2, false);
		// The worker died here: its segment 3 had two parts.

		HlsFolder second = hls();
		String before = current();
		assertThat(second.prepare()).isTrue();
		assertThat(current()).as("nothing new is listed before the new run has media").isEqualTo(before);
		second.startRun(bytes("init-b"), START.plusSeconds(10));
		segments(second, 1);
		String playlist = current();
		assertThat(playlist).contains("#EXTINF:0.400,\n");
		String cut = playlist.lines().filter((line) -> line.matches("[a-z0-9]+-3\\.m4s")).findFirst().orElseThrow();
		assertThat(Files.readString(this.folder.resolve(cut))).isEqualTo("a0a1");
		assertThat(playlist).containsPattern("\n" + cut
				+ "\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"[a-z0-9]+-init.mp4\"\n"
				+ "#EXT-X-PROGRAM-DATE-TIME:2026-12-07T22:00:10Z\n#EXT-X-PART:DURATION=0.200,URI=\"[a-z0-9]+-4-0.m4s\"");
		assertThat(playlist.lines().filter((line) -> line.startsWith("#EXT-X-MAP"))).hasSize(2);
		assertThat(playlist).as("the joined segment is the new run's file, under the cut run's map")
			.contains("#EXT-X-MAP:URI=\"" + cut.substring(0, cut.indexOf('-'))
					+ "-init.mp4\"\n#EXT-X-PROGRAM-DATE-TIME:2026-12-07T22:00:10Z");
	}

	@Test
	void shouldCountDiscontinuitiesThatLeftThePlaylist() throws Exception {
		HlsFolder first = hls();
		first.prepare();
		first.startRun(bytes("init-a"), START);
		segments(first, 2);
		HlsFolder second = hls();
		second.prepare();
		second.startRun(bytes("init-b"), START);
		segments(second, 2);
		assertThat(current()).contains("#EXT-X-DISCONTINUITY\n").doesNotContain("#EXT-X-DISCONTINUITY-SEQUENCE");
		segments(second, 5);
		assertThat(current()).as("the discontinuity left with its segment")
			.contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n")
			.doesNotContain("#EXT-X-DISCONTINUITY\n");
		HlsFolder third = hls();
		third.prepare();
		third.startRun(bytes("init-c"), START);
		segments(third, 1);
		assertThat(current()).contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n").contains("#EXT-X-DISCONTINUITY\n");
	}

	@Test
	void shouldEndThePlaylistWithoutAHintAndStartAfreshAfterwards() throws Exception {
		HlsFolder hls = hls();
		hls.prepare();
		hls.startRun(bytes("init"), START);
		segments(hls, 2);
		hls.part(bytes("last"), 0.12, true);
		hls.end();
		String ended = current();
		assertThat(ended).endsWith("#EXT-X-ENDLIST\n").doesNotContain("PRELOAD-HINT").contains("#EXTINF:0.120,\n");
		assertThat(hls().prepare()).as("an ended playlist starts afresh").isFalse();
		assertThat(files()).isEmpty();
	}

	@Test
	void shouldEndAPlaylistLeftOpenByAnotherRun() throws Exception {
		HlsFolder hls = hls();
		hls.prepare();
		hls.startRun(bytes("init"), START);
		segments(hls, 1);
		HlsFolder.endPlaylist(this.folder);
		assertThat(current()).endsWith(".m4s\n#EXT-X-ENDLIST\n").doesNotContain("PRELOAD-HINT");
	}

	@Test
	void shouldStartAfreshFromAPlaylistOfAnotherFormatAndDeleteWhatARunLeftBehind() throws Exception {
		Files.writeString(this.folder.resolve("index.m3u8"),
				"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:4\n#EXTINF:1.0,\nold-4.ts\n");
		Files.writeString(this.folder.resolve("old-4.ts"), "mpeg-ts");
		assertThat(hls().prepare()).isFalse();
		assertThat(files()).isEmpty();
	}

	@Test
	void shouldKeepRecentLeftOversOfACutRunTheirTimeAndDeleteOldAndHalfWrittenOnes() throws Exception {
		HlsFolder first = hls();
		first.prepare();
		first.startRun(bytes("init-a"), START);
		segments(first, 7);
		Files.writeString(this.folder.resolve("x-9-0.m4s.tmp"), "half written");
		Path old = Files.writeString(this.folder.resolve("gone-1.m4s"), "long ago");
		Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(KEEPING.lifetime()).minusSeconds(1)));
		List<String> recent = files().stream().filter((name) -> name.matches("[a-z0-9]+-0(-[0-9])?\\.m4s")).toList();
		assertThat(recent).isNotEmpty();

		HlsFolder second = hls();
		assertThat(second.prepare()).isTrue();
		assertThat(files()).doesNotContain("x-9-0.m4s.tmp", "gone-1.m4s").containsAll(recent);
		second.startRun(bytes("init-b"), START);
		segments(second, 4);
		assertThat(files()).doesNotContainAnyElementsOf(recent);
	}

}
