package dev.mediaplatform.worker.media.ffmpeg;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;

import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.RecordedChunk;
import dev.mediaplatform.worker.media.RecordingFolder;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

/**
 * The recording output of a pipeline: the same packets as live, copied into fragmented
 * MP4 chunk files. A chunk starts at a video keyframe and is cut at the first keyframe
 * after its length; fragments of at most a second are flushed to the file as they are
 * made, so a worker killed outright loses at most the fragment in progress. A write that
 * fails (a full disk) ends the chunk at its last complete fragment and reports the cause;
 * recording is tried again a few seconds later, by itself. {@link Fanout} hands it every
 * packet.
 */
final class ChunkRecorder implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ChunkRecorder.class);

	private static final AVRational MICROSECONDS = av_make_q(1, AV_TIME_BASE);

	/** How far a chained chunk start may drift from the clock before the clock wins. */
	private static final long MAX_DRIFT_MILLIS = 2000;

	private static final long RETRY_NANOS = 5_000_000_000L;

	private final RecordingFolder folder;

	private final Streams streams;

	private final long chunkMicros;

	private final InstantSource clock;

	private final MediaEngine.Session session;

	private final PacketWriter writer = new PacketWriter();

	private AVFormatContext out;

	private boolean headerWritten;

	private long startMillis = -1;

	/** The chunk's first video decoding time, in microseconds of the input's clock. */
	private long startMicros;

	/** When a chunk that follows this one without a gap starts. */
	private long nextStartMillis = -1;

	private long lastStartMillis = -1;

	/** When a failed recording may be tried again ({@link System#nanoTime()}). */
	private long retryAt = System.nanoTime();

	ChunkRecorder(RecordingFolder folder, Streams streams, double chunkSeconds, InstantSource clock,
			MediaEngine.Session session) {
		this.folder = folder;
		this.streams = streams;
		this.chunkMicros = Math.round(chunkSeconds * 1_000_000);
		this.clock = clock;
		this.session = session;
	}

	/**
	 * Takes one packet (already timed and in order; the caller keeps it and restores its
	 * fields). Does nothing while recording is not wanted.
	 */
	void write(AVPacket packet, int target, AVRational from, boolean key) {
		if (!this.session.recordingWanted()) {
			if (this.out != null) {
				closeChunk(false);
			}
			this.nextStartMillis = -1;
			return;
		}
		long dtsMicros = av_rescale_q(packet.dts(), from, MICROSECONDS);
		if (this.out == null) {
			if (target != 0 || !key || System.nanoTime() - this.retryAt < 0) {
				return;
			}
			if (!openChunk(packet, dtsMicros)) {
				return;
			}
		}
		else if (target == 0 && key && dtsMicros - this.startMicros >= this.chunkMicros) {
			this.nextStartMillis = this.startMillis + (dtsMicros - this.startMicros) / 1000;
			closeChunk(false);
			if (!openChunk(packet, dtsMicros)) {
				return;
			}
		}
		writePacket(packet, target, from);
	}

	private boolean openChunk(AVPacket keyframe, long dtsMicros) {
		long now = this.clock.millis();
		long start = (this.nextStartMillis >= 0 && Math.abs(this.nextStartMillis - now) <= MAX_DRIFT_MILLIS)
				? this.nextStartMillis : now;
		// Ids never repeat, even if the clock steps back.
		start = Math.max(start, this.lastStartMillis + 1);
		this.nextStartMillis = -1;
		Path file;
		try {
			file = this.folder.open(start);
		}
		catch (IOException | RuntimeException ex) {
			fail("cannot create the recording file: " + ex.getMessage());
			return false;
		}
		AVFormatContext context = new AVFormatContext(null);
		int result = avformat_alloc_output_context2(context, null, "mp4", (String) null);
		if (result < 0) {
			fail("cannot create the MP4 muxer: " + FfmpegMessages.describe(result));
			discard(start);
			return false;
		}
		this.out = context;
		this.startMillis = start;
		this.startMicros = dtsMicros;
		this.lastStartMillis = start;
		this.writer.restart();
		this.streams.addStreams(context, keyframe, true);
		AVIOContext io = new AVIOContext(null);
		result = avio_open(io, "file:" + file, AVIO_FLAG_WRITE);
		if (result < 0) {
			fail("cannot open " + file + ": " + FfmpegMessages.describe(result));
			return false;
		}
		context.pb(io);
		AVDictionary options = new AVDictionary(null);
		try {
			// Fragments at every keyframe and at least every second, each written out
			// as soon as it is complete; the header waits for the first fragment so
			// that it can take the parameter sets from the stream when the camera did
			// not announce them.
			av_dict_set(options, "movflags", "frag_keyframe+empty_moov+delay_moov+default_base_moof+cmaf", 0);
			av_dict_set(options, "frag_duration", "1000000", 0);
			av_dict_set(options, "flush_packets", "1", 0);
			result = avformat_write_header(context, options);
		}
		finally {
			av_dict_free(options);
		}
		if (result < 0) {
			fail("cannot start the recording file " + file + ": " + FfmpegMessages.describe(result));
			return false;
		}
		this.headerWritten = true;
		// The first keyframe, decoded once: a picture of the chunk for a timeline.
		Thumbnailer.write(context.streams(0).codecpar(), keyframe, this.folder.thumbnail(start));
		this.session.chunkOpened(this.folder.opened(start, this.streams.videoCodec()));
		return true;
	}

	private void writePacket(AVPacket packet, int target, AVRational from) {
		if (target >= this.out.nb_streams()) {
			return;
		}
		long offset = av_rescale_q(this.startMicros, MICROSECONDS, from);
		long dts = packet.dts() - offset;
		if (dts < 0) {
			// Audio from before the chunk's first keyframe.
			return;
		}
		packet.dts(dts);
		if (packet.pts() != AV_NOPTS_VALUE) {
			packet.pts(Math.max(packet.pts() - offset, dts));
		}
		int result = this.writer.write(this.out, packet, target, from);
		if (result < 0) {
			fail("cannot write the recording: " + FfmpegMessages.describe(result));
		}
	}

	/**
	 * Ends the chunk in progress and announces it.
	 * @param damaged whether a write failed: the file is cut after its last complete
	 * fragment
	 */
	private void closeChunk(boolean damaged) {
		AVFormatContext context = this.out;
		long start = this.startMillis;
		this.out = null;
		this.startMillis = -1;
		if (context == null) {
			return;
		}
		if (this.headerWritten) {
			int result = av_write_trailer(context);
			if (result < 0) {
				damaged = true;
			}
		}
		this.headerWritten = false;
		if (context.pb() != null) {
			AVIOContext io = context.pb();
			if (avio_closep(io) < 0) {
				damaged = true;
			}
			context.pb(null);
		}
		avformat_free_context(context);
		try {
			RecordedChunk chunk = this.folder.close(start, false, damaged);
			this.session.chunkClosed((chunk != null) ? chunk : this.folder.opened(start, null));
		}
		catch (IOException ex) {
			log.warn("camera {}: cannot finish chunk {}: {}", this.folder.cameraId(), start, ex.getMessage());
		}
	}

	private void discard(long start) {
		try {
			this.folder.close(start, false, true);
		}
		catch (IOException ex) {
			log.debug("camera {}: cannot discard chunk {}: {}", this.folder.cameraId(), start, ex.getMessage());
		}
	}

	private void fail(String reason) {
		String cause = reason + (reason.contains("No space left")
				? "; free space on the storage or lower the" + " retention: recording resumes by itself"
				: "; recording is tried again in a few seconds");
		log.warn("camera {}: {}", this.folder.cameraId(), cause);
		if (this.out != null) {
			closeChunk(true);
		}
		this.retryAt = System.nanoTime() + RETRY_NANOS;
		this.nextStartMillis = -1;
		this.session.recordingFailed(cause);
	}

	/**
	 * Frees the chunk in progress without writing another byte or announcing it: another
	 * worker owns the camera now and recovers the chunk from its marker. Bytes the muxer
	 * still buffers are dropped.
	 */
	void abandon() {
		AVFormatContext context = this.out;
		this.out = null;
		this.startMillis = -1;
		this.headerWritten = false;
		if (context == null) {
			return;
		}
		AVIOContext io = context.pb();
		if (io != null) {
			io.buf_ptr(io.buffer());
			io.buf_ptr_max(io.buffer());
			avio_closep(io);
			context.pb(null);
		}
		avformat_free_context(context);
	}

	/** Ends the chunk in progress: the run is over. */
	@Override
	public void close() {
		if (this.out != null) {
			closeChunk(false);
		}
	}

}
