package dev.mediaplatform.fmp4;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chunks as the recorder writes them (a video track at 90 kHz, one-second fragments that
 * each start with a keyframe, or every other one), read and joined at box level.
 */
class Mp4JoinTests {

	@TempDir
	Path folder;

	@Test
	void shouldIndexFragmentsAndIgnoreOneCutOffMidWrite() throws IOException {
		byte[] whole = chunk(4, 1, 0);
		Path file = Files.write(this.folder.resolve("a.mp4"), whole);
		Mp4Index index = Mp4Index.read(file);
		assertThat(index.fragments()).hasSize(4);
		assertThat(index.fragments()).extracting(Mp4Index.Fragment::startMillis)
			.containsExactly(0L, 1000L, 2000L, 3000L);
		assertThat(index.durationMillis()).isEqualTo(4000);
		assertThat(index.videoCodec()).isEqualTo("avc1");
		assertThat(index.segments()).hasSize(4);

		Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 10));
		Mp4Index cut = Mp4Index.read(file);
		assertThat(cut.fragments()).hasSize(3);
		assertThat(cut.completeBytes()).isEqualTo(cut.fragments().get(2).offset() + cut.fragments().get(2).size());
	}

	@Test
	void shouldGroupFragmentsIntoKeyframeStartedSegments() throws IOException {
		Path file = Files.write(this.folder.resolve("gop2.mp4"), chunk(6, 2, 0));
		assertThat(Mp4Index.read(file).segments()).extracting(Mp4Index.Segment::durationMillis)
			.containsExactly(2000L, 2000L, 2000L);
	}

	@Test
	void shouldSettleOnlySegmentsThatAGrowingFileNoLongerExtends() throws IOException {
		byte[] whole = chunk(6, 2, 0);
		Path file = Files.write(this.folder.resolve("growing.mp4"), whole);
		List<Mp4Index.Segment> closed = Mp4Index.read(file).segments();
		// Three fragments written: the second GOP has one fragment so far, and the next
		// (no keyframe) would make its segment longer.
		Mp4Index.Fragment third = Mp4Index.read(file).fragments().get(2);
		Files.write(file, java.util.Arrays.copyOf(whole, (int) (third.offset() + third.size() + 7)));
		Mp4Index growing = Mp4Index.read(file);
		assertThat(growing.segments()).hasSize(2);
		assertThat(growing.settledSegments()).containsExactly(closed.get(0));
		assertThat(closed).startsWith(growing.settledSegments().toArray(Mp4Index.Segment[]::new));
		// Nothing but the initialization yet: nothing settled.
		Files.write(file, java.util.Arrays.copyOf(whole, (int) Mp4Index.read(file).initSize()));
		assertThat(Mp4Index.read(file).settledSegments()).isEmpty();
	}

	@Test
	void shouldJoinARangeOfTwoChunksOnOneTimelineCutAtKeyframes() throws IOException {
		Path first = Files.write(this.folder.resolve("1.mp4"), chunk(4, 2, 0));
		Path second = Files.write(this.folder.resolve("2.mp4"), chunk(4, 2, 0));
		List<Mp4Join.Chunk> chunks = List.of(new Mp4Join.Chunk(first, 10_000), new Mp4Join.Chunk(second, 14_500));

		// From 11.5 s (inside the first GOP, which starts at 10 s) to 15 s.
		Mp4Join.Plan plan = Mp4Join.plan(chunks, 11_500, 15_000);
		assertThat(plan.startMillis()).isEqualTo(10_000);
		assertThat(plan.endMillis()).isEqualTo(16_500);
		assertThat(plan.parts()).hasSize(2);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Mp4Join.write(plan, out);
		assertThat((long) out.size()).isEqualTo(plan.bytes());

		Path joined = Files.write(this.folder.resolve("joined.mp4"), out.toByteArray());
		Mp4Index index = Mp4Index.read(joined);
		// The second chunk's fragments follow at its own start, 4.5 s after the first's.
		assertThat(index.fragments()).extracting(Mp4Index.Fragment::startMillis)
			.containsExactly(0L, 1000L, 2000L, 3000L, 4500L, 5500L);
		ByteBuffer bytes = ByteBuffer.wrap(out.toByteArray());
		assertThat(sequenceNumbers(bytes, index)).containsExactly(1, 2, 3, 4, 5, 6);
	}

	@Test
	void shouldEndAJoinBeforeAChunkWithOtherTracks() throws IOException {
		Path first = Files.write(this.folder.resolve("1.mp4"), chunk(2, 1, 0));
		Path other = Files.write(this.folder.resolve("2.mp4"), chunk(2, 1, 1));
		Mp4Join.Plan plan = Mp4Join.plan(List.of(new Mp4Join.Chunk(first, 0), new Mp4Join.Chunk(other, 2_000)), 0,
				4_000);
		assertThat(plan.parts()).hasSize(1);
		assertThat(plan.cut()).isTrue();
		assertThat(Mp4Join.plan(List.of(new Mp4Join.Chunk(first, 0)), 5_000, 6_000).isEmpty()).isTrue();
	}

	private static List<Integer> sequenceNumbers(ByteBuffer file, Mp4Index index) {
		// moof: size, type, then mfhd: size, type, version+flags, sequence.
		return index.fragments().stream().map((fragment) -> file.getInt((int) fragment.offset() + 20)).toList();
	}

	/**
	 * A chunk of {@code seconds} one-second fragments; a keyframe starts every
	 * {@code gop}-th; {@code variant} changes the sample description.
	 */
	static byte[] chunk(int seconds, int gop, int variant) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(box("ftyp", bytes("isom", 0, "isomiso6")));
		byte[] stsd = box("stsd", concat(new byte[4], int32(1), box("avc1", new byte[16 + variant])));
		byte[] trak = box("trak",
				concat(box("tkhd", concat(new byte[12], int32(1), new byte[64])),
						box("mdia", concat(box("mdhd", concat(new byte[12], int32(90_000), new byte[8])), box("hdlr",
								concat(new byte[8], "vide".getBytes(StandardCharsets.ISO_8859_1), new byte[13])),
								box("minf", box("stbl", stsd))))));
		byte[] mvex = box("mvex",
				box("trex", concat(new byte[4], int32(1), int32(1), int32(3000), int32(0), int32(0x10000))));
		out.writeBytes(box("moov", concat(trak, mvex)));
		for (int i = 0; i < seconds; i++) {
			boolean key = i % gop == 0;
			// tfhd: flags 0x020000 (default-base-is-moof), track 1.
			byte[] tfhd = box("tfhd", concat(int32(0x020000), int32(1)));
			byte[] tfdt = box("tfdt", concat(int32(0x01000000), int64(i * 90_000L)));
			// trun: 30 samples of 3000 ticks, first-sample-flags present.
			byte[] trun = box("trun", concat(int32(0x000004), int32(30), int32(key ? 0x02000000 : 0x01010000)));
			byte[] moof = box("moof",
					concat(box("mfhd", concat(new byte[4], int32(i + 1))), box("traf", concat(tfhd, tfdt, trun))));
			out.writeBytes(moof);
			out.writeBytes(box("mdat", new byte[100]));
		}
		return out.toByteArray();
	}

	static byte[] box(String type, byte[] payload) {
		return concat(int32(8 + payload.length), type.getBytes(StandardCharsets.ISO_8859_1), payload);
	}

	static byte[] bytes(String major, int version, String compatible) {
		return concat(major.getBytes(StandardCharsets.ISO_8859_1), int32(version),
				compatible.getBytes(StandardCharsets.ISO_8859_1));
	}

	static byte[] int32(int value) {
		return ByteBuffer.allocate(4).putInt(value).array();
	}

	static byte[] int64(long value) {
		return ByteBuffer.allocate(8).putLong(value).array();
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
