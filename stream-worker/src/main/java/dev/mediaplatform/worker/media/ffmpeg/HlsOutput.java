package dev.mediaplatform.worker.media.ffmpeg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;

import dev.mediaplatform.worker.media.HlsFolder;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_close_dyn_buf;
import static org.bytedeco.ffmpeg.global.avformat.avio_open_dyn_buf;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

/**
 * A run's live output in Low-Latency HLS: FFmpeg's MP4 muxer makes fragmented MP4 in
 * memory, and a fragment is cut by hand (its {@code frag_custom} mode) whenever a part is
 * full (about 200 ms of video, never more than the part target at the camera's frame
 * rate) or a keyframe starts the next segment (a second or more after the last). Each
 * fragment is a partial segment, handed to the camera's {@link HlsFolder} the moment it
 * is complete, which lists it at once; a segment is its parts joined. H.264 and H.265
 * alike: one format for every player (H.265 tagged {@code hvc1} for Apple's players).
 * Output stream 0 is video, 1 audio.
 */
final class HlsOutput implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(HlsOutput.class);

	private static final AVRational MICROSECONDS = av_make_q(1, AV_TIME_BASE);

	private final Streams streams;

	private final HlsFolder hls;

	private final long segmentMicros;

	private final long partMicros;

	/** Confirms ownership before anything is written. */
	private final Guard guard;

	private final InstantSource clock;

	private final PacketWriter writer = new PacketWriter();

	private AVFormatContext out;

	private boolean initWritten;

	private long firstMicros;

	private Instant firstWall;

	/** How long before now the first packet arrived. */
	private long earlierMicros;

	private long segmentStart;

	private long partStart = -1;

	private boolean partIndependent;

	/** Per output stream: the last decoding time and the step before it, in µs. */
	private final long[] lastMicros = { Long.MIN_VALUE, Long.MIN_VALUE };

	private final long[] stepMicros = { 0, 0 };

	HlsOutput(Streams streams, HlsFolder hls, FfmpegEngine.Settings settings, Guard guard, InstantSource clock)
			throws MediaFailure {
		this.streams = streams;
		this.hls = hls;
		this.segmentMicros = Math.round(settings.segmentSeconds() * 1_000_000);
		this.partMicros = Math.round(settings.partSeconds() * 1_000_000);
		this.guard = guard;
		this.clock = clock;
		try {
			hls.prepare();
		}
		catch (IOException ex) {
			throw MediaFailure.transientFailure("cannot prepare " + hls.path() + ": " + ex.getMessage());
		}
	}

	/**
	 * Says that the first packets to come arrived {@code micros} ago (a held GOP), so
	 * that the program dates say when they were received.
	 */
	void startsEarlier(long micros) {
		this.earlierMicros = micros;
	}

	/**
	 * Writes one packet of output stream {@code target}; the caller keeps the packet and
	 * restores its times.
	 */
	void write(AVPacket packet, int target, AVRational from, boolean key, MediaEngine.Session session)
			throws MediaFailure {
		long micros = av_rescale_q(packet.dts(), from, MICROSECONDS);
		if (this.out == null) {
			if (target != 0 || !key) {
				// Opened while the camera was already running: start at a keyframe.
				return;
			}
			open(packet, micros);
		}
		if (micros < this.firstMicros || target >= this.out.nb_streams()) {
			// Audio from before the first keyframe.
			return;
		}
		long step = (this.lastMicros[target] != Long.MIN_VALUE) ? micros - this.lastMicros[target] : 0;
		if (step > 0) {
			this.stepMicros[target] = step;
		}
		this.lastMicros[target] = micros;
		if (target == 0) {
			boolean segmentFull = key && micros - this.segmentStart >= this.segmentMicros;
			// Cut before the frame that would make the part longer than its target.
			boolean partFull = micros - this.partStart + this.stepMicros[0] > this.partMicros;
			if (this.partStart >= 0 && (segmentFull || partFull)) {
				flush(micros, segmentFull, session);
			}
			if (this.partStart < 0) {
				this.partStart = micros;
				this.partIndependent = key;
				if (segmentFull || !this.initWritten) {
					this.segmentStart = micros;
				}
			}
		}
		// The muxer needs each sample's duration before the next one comes: the
		// frame interval so far stands for it (the next fragment's start time corrects
		// any difference).
		packet.duration(av_rescale_q(this.stepMicros[target], MICROSECONDS, from));
		int result = this.writer.write(this.out, packet, target, from);
		if (result < 0) {
			throw MediaFailure
				.transientFailure("cannot write HLS for " + this.hls.path() + ": " + FfmpegMessages.describe(result));
		}
	}

	/** Opens the muxer at the run's first keyframe, writing fragments to memory. */
	private void open(AVPacket keyframe, long micros) throws MediaFailure {
		AVFormatContext context = new AVFormatContext(null);
		int result = avformat_alloc_output_context2(context, null, "mp4", (String) null);
		if (result < 0) {
			throw MediaFailure.transientFailure("cannot create the HLS muxer: " + FfmpegMessages.describe(result));
		}
		this.out = context;
		this.streams.addStreams(context, keyframe, true);
		openBuffer();
		AVDictionary options = new AVDictionary(null);
		try {
			// Fragments cut by hand; the header waits for the first one so that it can
			// take the parameter sets from the stream when the camera did not announce
			// them, and goes out as the run's initialization segment.
			av_dict_set(options, "movflags", "frag_custom+empty_moov+delay_moov+default_base_moof", 0);
			result = avformat_write_header(context, options);
		}
		finally {
			av_dict_free(options);
		}
		if (result < 0) {
			throw MediaFailure
				.transientFailure("cannot start HLS in " + this.hls.path() + ": " + FfmpegMessages.describe(result));
		}
		this.firstMicros = micros;
		this.firstWall = wallClock();
	}

	/**
	 * When the run's first frame arrived, by this worker's clock: the program date of the
	 * run's first segment, the later ones following by their durations. The camera's own
	 * clock is not used: FFmpeg anchors a single stream's timestamps to its first RTP
	 * packet, not to a sender report, so its {@code start_time_realtime} plus a timestamp
	 * was seconds off with the test camera; doing it right needs each stream's sender
	 * report (NTP and RTP time together), which the demuxer does not expose.
	 */
	private Instant wallClock() {
		return this.clock.instant().minusNanos(this.earlierMicros * 1000);
	}

	/**
	 * Cuts the fragment so far and hands it over as a part; the first one carries the
	 * initialization segment in front.
	 * @param next the decoding time of the frame after it, in µs
	 * @param session told of a completed segment, or {@code null} when the run ends
	 */
	private void flush(long next, boolean endsSegment, MediaEngine.Session session) throws MediaFailure {
		byte[] bytes = cut();
		if (!this.initWritten && firstMoof(bytes) < 0) {
			// The delayed header goes out alone, at the first cut: the fragment follows
			// at the next.
			byte[] fragment = cut();
			byte[] both = Arrays.copyOf(bytes, bytes.length + fragment.length);
			System.arraycopy(fragment, 0, both, bytes.length, fragment.length);
			bytes = both;
		}
		this.guard.confirm();
		try {
			if (!this.initWritten) {
				int moof = firstMoof(bytes);
				if (moof < 0) {
					throw MediaFailure.transientFailure("the MP4 muxer wrote no fragment for " + this.hls.path());
				}
				this.hls.startRun(Arrays.copyOfRange(bytes, 0, moof), this.firstWall);
				bytes = Arrays.copyOfRange(bytes, moof, bytes.length);
				this.initWritten = true;
			}
			this.hls.part(bytes, (next - this.partStart) / 1e6, this.partIndependent);
			if (endsSegment) {
				this.hls.endSegment();
				if (session != null) {
					session.segmentWritten(this.clock.instant());
				}
			}
		}
		catch (IOException ex) {
			throw MediaFailure.transientFailure("cannot write HLS in " + this.hls.path() + ": " + ex.getMessage());
		}
		this.partStart = -1;
	}

	/** Has the muxer write out the fragment so far, and returns its bytes. */
	private byte[] cut() throws MediaFailure {
		int result = av_write_frame(this.out, null);
		if (result < 0) {
			throw MediaFailure
				.transientFailure("cannot write HLS for " + this.hls.path() + ": " + FfmpegMessages.describe(result));
		}
		byte[] bytes = takeBuffer();
		openBuffer();
		return bytes;
	}

	/**
	 * Where the first {@code moof} box starts (what comes before is the header), or -1.
	 */
	static int firstMoof(byte[] bytes) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		int at = 0;
		while (at + 8 <= bytes.length) {
			long size = buffer.getInt(at) & 0xFFFFFFFFL;
			if (buffer.getInt(at + 4) == ('m' << 24 | 'o' << 16 | 'o' << 8 | 'f')) {
				return at;
			}
			if (size < 8 || at + size > bytes.length) {
				break;
			}
			at += (int) size;
		}
		return -1;
	}

	private void openBuffer() throws MediaFailure {
		AVIOContext buffer = new AVIOContext(null);
		int result = avio_open_dyn_buf(buffer);
		if (result < 0) {
			throw MediaFailure.transientFailure("cannot allocate an HLS buffer: " + FfmpegMessages.describe(result));
		}
		this.out.pb(buffer);
	}

	/** Closes the muxer's memory buffer and returns what it holds. */
	private byte[] takeBuffer() {
		AVIOContext buffer = this.out.pb();
		this.out.pb(null);
		if (buffer == null) {
			return new byte[0];
		}
		try (PointerPointer<BytePointer> data = new PointerPointer<>(1)) {
			int size = avio_close_dyn_buf(buffer, data);
			BytePointer bytes = new BytePointer(data.get(0));
			try {
				byte[] copy = new byte[Math.max(size, 0)];
				if (size > 0) {
					bytes.capacity(size).get(copy);
				}
				return copy;
			}
			finally {
				av_free(bytes);
			}
		}
	}

	/**
	 * Completes the segment in progress and frees the muxer; the playlist stays open for
	 * the next run (a reconnect, another worker).
	 */
	@Override
	public void close() {
		if (this.out == null) {
			return;
		}
		try {
			if (this.partStart >= 0 && this.lastMicros[0] != Long.MIN_VALUE) {
				flush(this.lastMicros[0] + Math.max(this.stepMicros[0], 1), true, null);
			}
		}
		catch (MediaFailure failure) {
			log.warn("Cannot complete the last segment in {}: {}", this.hls.path(), failure.getMessage());
		}
		finally {
			free();
		}
	}

	/** Closes the muxer and ends the playlist: live was switched off. */
	void end() {
		close();
		try {
			this.hls.end();
		}
		catch (IOException ex) {
			log.warn("Cannot end the playlist in {}: {}", this.hls.path(), ex.getMessage());
		}
	}

	/**
	 * Frees the muxer without writing: what it buffered for the part in progress is
	 * dropped, and the playlist stays as it is for the next owner.
	 */
	void abandon() {
		free();
	}

	private void free() {
		if (this.out != null) {
			takeBuffer();
			avformat_free_context(this.out);
			this.out = null;
		}
	}

	/** A check that throws when the run may not write any more. */
	@FunctionalInterface
	interface Guard {

		void confirm() throws MediaFailure;

	}

}
