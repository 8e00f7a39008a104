package dev.mediaplatform.fmp4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

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

	/**
	 * The most bytes of a box this reader reads: a larger {@code moov} is read that far,
	 * a larger {@code moof} is not timed, and media data ({@code mdat}) is never read.
	 */
	private static final int MAX_PARSED_BOX = 4 << 20;

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

	/**
	 * The segments of a file that is still being written that no later write changes: all
	 * but the last, which the next fragment extends when it does not start with a
	 * keyframe. A complete fragment is never rewritten, so these byte ranges may be
	 * played while the file grows; the chunk's final {@link #segments()} start with
	 * exactly these.
	 */
	public List<Segment> settledSegments() {
		List<Segment> segments = segments();
		return segments.isEmpty() ? segments : List.copyOf(segments.subList(0, segments.size() - 1));
	}

	/** Reads the boxes of {@code file}. */
	public static Mp4Index read(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			return new Reader(channel).read();
		}
	}

	/** Walks the file's top-level boxes. */
	private static final class Reader {

		private final FileChannel channel;

		private final long length;

		private final Initialization init = new Initialization();

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
				ByteBuffer bytes = Boxes.read(this.channel, position, (int) Math.min(16, this.length - position));
				Boxes.Header header = Boxes.Header.at(bytes, 0, this.length - position);
				if (header == null) {
					// Cut off: nothing from here on is complete.
					break;
				}
				long size = header.size();
				long payload = position + header.headerSize();
				switch (header.type()) {
					case "moov" -> {
						try {
							this.init.read(box(payload, size - header.headerSize()));
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
								? FragmentTiming.of(box(payload, size - header.headerSize()), this.init) : null;
					}
					case "mdat" -> {
						if (pendingMoof >= 0 && initSize > 0) {
							long end = position + size;
							FragmentTiming timing = (pendingTiming != null) ? pendingTiming : FragmentTiming.NONE;
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
			return new Mp4Index(initSize, List.copyOf(fragments), complete, this.init.videoCodec(), this.init.tracks(),
					this.init.sampleDescriptions());
		}

		/** A box's payload, up to {@link #MAX_PARSED_BOX} bytes of it. */
		private ByteBuffer box(long position, long length) throws IOException {
			return Boxes.read(this.channel, position, (int) Math.min(length, MAX_PARSED_BOX));
		}

	}

}
