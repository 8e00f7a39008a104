package dev.mediaplatform.fmp4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a fragmented MP4 chunk holds, read from its boxes without FFmpeg: where the
 * initialization ({@code ftyp} + {@code moov}) ends, its tracks, and each complete
 * fragment ({@code moof} + {@code mdat}): its byte range, when it starts and how long its
 * video plays, and whether it starts with a keyframe. A fragment cut off by a crash (or a
 * full disk) is not complete and is not listed; {@link #completeBytes()} is where the
 * file should be cut.
 *
 * @param initSize bytes of {@code ftyp} + {@code moov} at the start
 * @param fragments the complete fragments, in file order
 * @param completeBytes the end of the last complete fragment (or of the initialization)
 * @param videoCodec the video sample entry's type ({@code avc1}, {@code hvc1}, ...) or
 * {@code null}
 * @param tracks the tracks the initialization declares
 * @param sampleDescriptions a digest of every track's sample description: two chunks with
 * the same can be played with one initialization
 */
public record Mp4Index(long initSize, List<Fragment> fragments, long completeBytes, String videoCodec,
		List<Track> tracks, int sampleDescriptions) {

	/** The longest box header this reader looks into; media data is skipped. */
	private static final int MAX_PARSED_BOX = 4 << 20;

	private static final int SAMPLE_IS_NON_SYNC = 0x10000;

	/**
	 * One {@code moof} + {@code mdat}.
	 *
	 * @param offset where its {@code moof} starts
	 * @param size bytes of {@code moof} and {@code mdat}
	 * @param startMillis when its video starts on the chunk's own timeline
	 * @param durationMillis its video duration
	 * @param keyframe whether its first video sample is a keyframe
	 */
	public record Fragment(long offset, long size, long startMillis, long durationMillis, boolean keyframe) {
	}

	/**
	 * A track of the chunk.
	 *
	 * @param id its {@code track_ID}
	 * @param timescale ticks per second of its times
	 * @param video whether it is the video track
	 */
	public record Track(int id, long timescale, boolean video) {
	}

	/**
	 * A byte range a player fetches as one HLS segment: a fragment that starts with a
	 * keyframe and those after it up to the next such.
	 */
	public record Segment(long offset, long size, long durationMillis) {
	}

	/** Whether the file holds an initialization and at least one complete fragment. */
	public boolean playable() {
		return this.initSize > 0 && !this.fragments.isEmpty();
	}

	public long durationMillis() {
		return this.fragments.stream().mapToLong(Fragment::durationMillis).sum();
	}

	/** The fragments grouped into keyframe-started segments. */
	public List<Segment> segments() {
		List<Segment> segments = new ArrayList<>();
		long offset = -1;
		long size = 0;
		long duration = 0;
		for (Fragment fragment : this.fragments) {
			if (fragment.keyframe() || offset < 0) {
				if (offset >= 0) {
					segments.add(new Segment(offset, size, duration));
				}
				offset = fragment.offset();
				size = 0;
				duration = 0;
			}
			size += fragment.size();
			duration += fragment.durationMillis();
		}
		if (offset >= 0) {
			segments.add(new Segment(offset, size, duration));
		}
		return segments;
	}

	/** Reads the boxes of {@code file}. */
	public static Mp4Index read(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			return new Reader(channel).read();
		}
	}

	private static final class Reader {

		private final FileChannel channel;

		private final long length;

		/** Per track id: timescale, handler, trex defaults. */
		private final Map<Integer, TrackBox> tracks = new HashMap<>();

		private String videoCodec;

		private int sampleDescriptions = 1;

		Reader(FileChannel channel) throws IOException {
			this.channel = channel;
			this.length = channel.size();
		}

		Mp4Index read() throws IOException {
			long position = 0;
			long initSize = 0;
			long complete = 0;
			List<Fragment> fragments = new ArrayList<>();
			long pendingMoof = -1;
			FragmentTiming pendingTiming = null;
			while (position + 8 <= this.length) {
				ByteBuffer header = readAt(position, (int) Math.min(16, this.length - position));
				long size = header.getInt() & 0xFFFFFFFFL;
				String type = type(header);
				int headerSize = 8;
				if (size == 1) {
					if (header.remaining() < 8) {
						break;
					}
					size = header.getLong();
					headerSize = 16;
				}
				else if (size == 0) {
					size = this.length - position;
				}
				if (size < headerSize || position + size > this.length) {
					// Cut off: nothing from here on is complete.
					break;
				}
				switch (type) {
					case "moov" -> {
						try {
							parseMoov(box(position + headerSize, size - headerSize));
						}
						catch (IndexOutOfBoundsException ex) {
							throw new IOException("the chunk's moov box is malformed");
						}
						initSize = position + size;
						complete = initSize;
					}
					case "moof" -> {
						pendingMoof = position;
						pendingTiming = (size <= MAX_PARSED_BOX)
								? parseMoof(box(position + headerSize, size - headerSize)) : null;
					}
					case "mdat" -> {
						if (pendingMoof >= 0 && initSize > 0) {
							long end = position + size;
							FragmentTiming timing = (pendingTiming != null) ? pendingTiming
									: new FragmentTiming(0, 0, false);
							fragments.add(new Fragment(pendingMoof, end - pendingMoof, timing.startMillis(),
									timing.durationMillis(), timing.keyframe()));
							complete = end;
						}
						pendingMoof = -1;
					}
					default -> {
						// ftyp, free, mfra (the index of a file closed properly), ...
					}
				}
				position += size;
			}
			List<Track> tracks = this.tracks.values()
				.stream()
				.map((track) -> new Track(track.id, track.timescale, track.video))
				.toList();
			return new Mp4Index(initSize, List.copyOf(fragments), complete, this.videoCodec, tracks,
					this.sampleDescriptions);
		}

		private void parseMoov(ByteBuffer moov) {
			for (ByteBuffer trak : children(moov, "trak")) {
				TrackBox track = new TrackBox();
				ByteBuffer tkhd = child(trak, "tkhd");
				if (tkhd != null) {
					int version = tkhd.get(tkhd.position()) & 0xFF;
					track.id = tkhd.getInt(tkhd.position() + ((version == 1) ? 20 : 12));
				}
				ByteBuffer mdia = child(trak, "mdia");
				if (mdia != null) {
					ByteBuffer mdhd = child(mdia, "mdhd");
					if (mdhd != null) {
						int version = mdhd.get(mdhd.position()) & 0xFF;
						track.timescale = mdhd.getInt(mdhd.position() + ((version == 1) ? 20 : 12)) & 0xFFFFFFFFL;
					}
					ByteBuffer hdlr = child(mdia, "hdlr");
					if (hdlr != null) {
						byte[] handler = new byte[4];
						hdlr.get(hdlr.position() + 8, handler);
						track.video = "vide".equals(new String(handler, StandardCharsets.ISO_8859_1));
					}
					ByteBuffer stsd = descend(mdia, "minf", "stbl", "stsd");
					if (stsd != null) {
						byte[] description = new byte[stsd.remaining()];
						stsd.get(stsd.position(), description);
						this.sampleDescriptions = 31 * this.sampleDescriptions + java.util.Arrays.hashCode(description);
					}
					if (track.video && stsd != null && stsd.remaining() >= 16) {
						byte[] entry = new byte[4];
						stsd.get(stsd.position() + 12, entry);
						this.videoCodec = new String(entry, StandardCharsets.ISO_8859_1);
					}
				}
				this.tracks.put(track.id, track);
			}
			ByteBuffer mvex = child(moov, "mvex");
			if (mvex != null) {
				for (ByteBuffer trex : children(mvex, "trex")) {
					TrackBox track = this.tracks.get(trex.getInt(trex.position() + 4));
					if (track != null) {
						track.defaultDuration = trex.getInt(trex.position() + 12) & 0xFFFFFFFFL;
						track.defaultFlags = trex.getInt(trex.position() + 20);
					}
				}
			}
		}

		private FragmentTiming parseMoof(ByteBuffer moof) {
			try {
				return videoTiming(moof);
			}
			catch (IndexOutOfBoundsException ex) {
				// A box that lies about its sizes: the fragment's bytes still count.
				return new FragmentTiming(0, 0, false);
			}
		}

		private FragmentTiming videoTiming(ByteBuffer moof) {
			for (ByteBuffer traf : children(moof, "traf")) {
				ByteBuffer tfhd = child(traf, "tfhd");
				if (tfhd == null) {
					continue;
				}
				int flags = tfhd.getInt(tfhd.position()) & 0xFFFFFF;
				TrackBox track = this.tracks.get(tfhd.getInt(tfhd.position() + 4));
				if (track == null || !track.video) {
					continue;
				}
				int at = tfhd.position() + 8;
				if ((flags & 0x01) != 0) {
					at += 8;
				}
				if ((flags & 0x02) != 0) {
					at += 4;
				}
				long defaultDuration = track.defaultDuration;
				int defaultFlags = track.defaultFlags;
				if ((flags & 0x08) != 0) {
					defaultDuration = tfhd.getInt(at) & 0xFFFFFFFFL;
					at += 4;
				}
				if ((flags & 0x10) != 0) {
					at += 4;
				}
				if ((flags & 0x20) != 0) {
					defaultFlags = tfhd.getInt(at);
				}
				long baseTime = 0;
				ByteBuffer tfdt = child(traf, "tfdt");
				if (tfdt != null) {
					int version = tfdt.get(tfdt.position()) & 0xFF;
					baseTime = (version == 1) ? tfdt.getLong(tfdt.position() + 4)
							: tfdt.getInt(tfdt.position() + 4) & 0xFFFFFFFFL;
				}
				long ticks = 0;
				Boolean keyframe = null;
				for (ByteBuffer trun : children(traf, "trun")) {
					int runFlags = trun.getInt(trun.position()) & 0xFFFFFF;
					int count = trun.getInt(trun.position() + 4);
					int p = trun.position() + 8;
					if ((runFlags & 0x01) != 0) {
						p += 4;
					}
					Integer firstFlags = null;
					if ((runFlags & 0x04) != 0) {
						firstFlags = trun.getInt(p);
						p += 4;
					}
					for (int i = 0; i < count && p <= trun.limit(); i++) {
						long duration = defaultDuration;
						int sampleFlags = (i == 0 && firstFlags != null) ? firstFlags : defaultFlags;
						if ((runFlags & 0x100) != 0) {
							duration = trun.getInt(p) & 0xFFFFFFFFL;
							p += 4;
						}
						if ((runFlags & 0x200) != 0) {
							p += 4;
						}
						if ((runFlags & 0x400) != 0) {
							int own = trun.getInt(p);
							p += 4;
							if (!(i == 0 && firstFlags != null)) {
								sampleFlags = own;
							}
						}
						if ((runFlags & 0x800) != 0) {
							p += 4;
						}
						if (keyframe == null) {
							keyframe = (sampleFlags & SAMPLE_IS_NON_SYNC) == 0;
						}
						ticks += duration;
					}
				}
				long millis = (track.timescale > 0) ? ticks * 1000 / track.timescale : 0;
				long start = (track.timescale > 0) ? baseTime * 1000 / track.timescale : 0;
				return new FragmentTiming(start, millis, keyframe != null && keyframe);
			}
			return new FragmentTiming(0, 0, false);
		}

		private ByteBuffer readAt(long position, int length) throws IOException {
			ByteBuffer buffer = ByteBuffer.allocate(length);
			while (buffer.hasRemaining()) {
				if (this.channel.read(buffer, position + buffer.position()) < 0) {
					break;
				}
			}
			return buffer.flip();
		}

		/** A box's payload. */
		private ByteBuffer box(long position, long length) throws IOException {
			return readAt(position, (int) Math.min(length, MAX_PARSED_BOX));
		}

		private static String type(ByteBuffer header) {
			byte[] type = new byte[4];
			header.get(type);
			return new String(type, StandardCharsets.ISO_8859_1);
		}

		private static ByteBuffer descend(ByteBuffer parent, String... path) {
			ByteBuffer current = parent;
			for (int i = 0; i < path.length && current != null; i++) {
				current = child(current, path[i]);
			}
			return current;
		}

		private static ByteBuffer child(ByteBuffer parent, String type) {
			List<ByteBuffer> found = children(parent, type);
			return found.isEmpty() ? null : found.get(0);
		}

		/** The payloads of the direct children of the given type. */
		private static List<ByteBuffer> children(ByteBuffer parent, String type) {
			List<ByteBuffer> found = new ArrayList<>();
			int position = parent.position();
			while (position + 8 <= parent.limit()) {
				long size = parent.getInt(position) & 0xFFFFFFFFL;
				int headerSize = 8;
				if (size == 1 && position + 16 <= parent.limit()) {
					size = parent.getLong(position + 8);
					headerSize = 16;
				}
				else if (size == 0) {
					size = parent.limit() - position;
				}
				if (size < headerSize || position + size > parent.limit()) {
					break;
				}
				byte[] name = new byte[4];
				parent.get(position + 4, name);
				if (type.equals(new String(name, StandardCharsets.ISO_8859_1))) {
					found.add(parent.slice(position + headerSize, (int) size - headerSize));
				}
				position += (int) size;
			}
			return found;
		}

	}

	private record FragmentTiming(long startMillis, long durationMillis, boolean keyframe) {
	}

	private static final class TrackBox {

		int id;

		long timescale;

		boolean video;

		long defaultDuration;

		int defaultFlags;

	}

}
