package dev.mediaplatform.fmp4;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Joins a time range of consecutive fragmented MP4 chunks into one fragmented MP4 without
 * decoding or remuxing: the first chunk's initialization, then every fragment of the
 * range, with each fragment's decode time ({@code tfdt}) moved onto one timeline (chunk
 * starts included, so an outage stays a gap of the same length) and fragments numbered
 * afresh. The range is cut at keyframes: it starts at the keyframe at or before its start
 * and ends with the fragment group that holds its end. Chunks whose tracks differ from
 * the first's (the camera changed its codec or picture size) end the join before them.
 */
public final class Mp4Join {

	private Mp4Join() {
	}

	/**
	 * A chunk file and when it starts.
	 *
	 * @param file the chunk
	 * @param startMillis its start, epoch milliseconds
	 */
	public record Chunk(Path file, long startMillis) {
	}

	/**
	 * What a join writes.
	 *
	 * @param parts each chunk's fragments in the range, in order
	 * @param startMillis when the first fragment starts, epoch milliseconds
	 * @param endMillis when the last ends
	 * @param bytes the joined file's size
	 * @param cut whether a chunk with other tracks ended the join before the range's end
	 */
	public record Plan(List<Part> parts, long startMillis, long endMillis, long bytes, boolean cut) {

		public boolean isEmpty() {
			return this.parts.isEmpty();
		}

	}

	/** A chunk's share of a join. */
	public record Part(Chunk chunk, Mp4Index index, List<Mp4Index.Fragment> fragments) {
	}

	/**
	 * Chooses what of {@code chunks} (in order of their start) plays in
	 * {@code [fromMillis, toMillis)}. Chunks that cannot be read are skipped.
	 */
	public static Plan plan(List<Chunk> chunks, long fromMillis, long toMillis) {
		List<Part> parts = new ArrayList<>();
		Integer tracks = null;
		long start = -1;
		long end = -1;
		long bytes = 0;
		boolean cut = false;
		for (Chunk chunk : chunks) {
			Mp4Index index;
			try {
				index = Mp4Index.read(chunk.file());
			}
			catch (IOException ex) {
				continue;
			}
			if (!index.playable()) {
				continue;
			}
			List<Mp4Index.Fragment> chosen = new ArrayList<>();
			List<Mp4Index.Fragment> group = new ArrayList<>();
			for (Mp4Index.Fragment fragment : index.fragments()) {
				if (fragment.keyframe() && !group.isEmpty()) {
					choose(group, chunk, fromMillis, toMillis, chosen);
					group = new ArrayList<>();
				}
				group.add(fragment);
			}
			choose(group, chunk, fromMillis, toMillis, chosen);
			if (chosen.isEmpty()) {
				continue;
			}
			if (tracks == null) {
				tracks = index.sampleDescriptions();
				bytes += index.initSize();
				start = chunk.startMillis() + chosen.get(0).startMillis();
			}
			else if (tracks != index.sampleDescriptions()) {
				cut = true;
				break;
			}
			Mp4Index.Fragment last = chosen.get(chosen.size() - 1);
			end = chunk.startMillis() + last.startMillis() + last.durationMillis();
			bytes += chosen.stream().mapToLong(Mp4Index.Fragment::size).sum();
			parts.add(new Part(chunk, index, List.copyOf(chosen)));
		}
		return new Plan(List.copyOf(parts), start, end, bytes, cut);
	}

	/** A keyframe-started group is chosen when any of it plays in the range. */
	private static void choose(List<Mp4Index.Fragment> group, Chunk chunk, long fromMillis, long toMillis,
			List<Mp4Index.Fragment> chosen) {
		if (group.isEmpty() || !group.get(0).keyframe()) {
			return;
		}
		long groupStart = chunk.startMillis() + group.get(0).startMillis();
		Mp4Index.Fragment last = group.get(group.size() - 1);
		long groupEnd = chunk.startMillis() + last.startMillis() + last.durationMillis();
		if (groupStart < toMillis && groupEnd > fromMillis) {
			chosen.addAll(group);
		}
	}

	/** Writes the joined file: {@link Plan#bytes()} bytes. */
	public static void write(Plan plan, OutputStream out) throws IOException {
		if (plan.isEmpty()) {
			return;
		}
		WritableByteChannel target = Channels.newChannel(out);
		Part first = plan.parts().get(0);
		long firstStart = first.chunk().startMillis() + first.fragments().get(0).startMillis();
		int sequence = 1;
		boolean initWritten = false;
		for (Part part : plan.parts()) {
			Map<Integer, Long> timescales = part.index()
				.tracks()
				.stream()
				.collect(Collectors.toMap(Mp4Index.Track::id, Mp4Index.Track::timescale));
			// Each chunk's own timeline starts at its start: moved by where that is on
			// the joined timeline.
			long shiftMillis = part.chunk().startMillis() - firstStart;
			try (FileChannel file = FileChannel.open(part.chunk().file(), StandardOpenOption.READ)) {
				if (!initWritten) {
					transfer(file, 0, part.index().initSize(), target);
					initWritten = true;
				}
				for (Mp4Index.Fragment fragment : part.fragments()) {
					ByteBuffer header = read(file, fragment.offset(), 8);
					int moofSize = header.getInt(0);
					ByteBuffer moof = read(file, fragment.offset(), moofSize);
					renumber(moof, sequence++, shiftMillis, timescales);
					while (moof.hasRemaining()) {
						target.write(moof);
					}
					transfer(file, fragment.offset() + moofSize, fragment.size() - moofSize, target);
				}
			}
		}
		out.flush();
	}

	/** Sets a {@code moof}'s sequence number and moves each track's decode time. */
	static void renumber(ByteBuffer moof, int sequence, long shiftMillis, Map<Integer, Long> timescales)
			throws IOException {
		int position = 8;
		while (position + 8 <= moof.limit()) {
			int size = moof.getInt(position);
			String type = Boxes.type(moof, position);
			if (size < 8 || position + size > moof.limit()) {
				throw new IOException("a fragment's moof box is malformed");
			}
			if ("mfhd".equals(type)) {
				moof.putInt(position + 12, sequence);
			}
			else if ("traf".equals(type)) {
				moveTrack(moof, position + 8, position + size, shiftMillis, timescales);
			}
			position += size;
		}
	}

	private static void moveTrack(ByteBuffer moof, int from, int to, long shiftMillis, Map<Integer, Long> timescales)
			throws IOException {
		Integer track = null;
		int position = from;
		while (position + 8 <= to) {
			int size = moof.getInt(position);
			String type = Boxes.type(moof, position);
			if (size < 8 || position + size > to) {
				throw new IOException("a fragment's traf box is malformed");
			}
			if ("tfhd".equals(type)) {
				track = moof.getInt(position + 12);
			}
			else if ("tfdt".equals(type)) {
				long timescale = (track != null) ? timescales.getOrDefault(track, 0L) : 0L;
				long shift = Math.floorDiv(shiftMillis * timescale, 1000);
				int version = moof.get(position + 8) & 0xFF;
				if (version == 1) {
					moof.putLong(position + 12, Math.max(0, moof.getLong(position + 12) + shift));
				}
				else {
					long moved = Math.max(0, (moof.getInt(position + 12) & 0xFFFFFFFFL) + shift);
					if (moved > 0xFFFFFFFFL) {
						throw new IOException("a fragment's time does not fit its tfdt box");
					}
					moof.putInt(position + 12, (int) moved);
				}
			}
			position += size;
		}
	}

	private static ByteBuffer read(FileChannel file, long position, int length) throws IOException {
		ByteBuffer buffer = Boxes.read(file, position, length);
		if (buffer.remaining() < length) {
			throw new IOException("the chunk ended early");
		}
		return buffer;
	}

	private static void transfer(FileChannel file, long position, long length, WritableByteChannel target)
			throws IOException {
		long done = 0;
		while (done < length) {
			long sent = file.transferTo(position + done, length - done, target);
			if (sent <= 0) {
				throw new IOException("the chunk ended early");
			}
			done += sent;
		}
	}

}
