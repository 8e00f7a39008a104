package dev.mediaplatform.worker.media.ffmpeg;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

import dev.mediaplatform.worker.media.HlsFolder;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

/**
 * A run's live output: FFmpeg's HLS muxer writing into the camera's {@link HlsFolder},
 * whose playlist for players is published after every segment. The muxer is opened at
 * once when copied H.264 can be described before its first keyframe, else at the first
 * keyframe. Output stream 0 is video, 1 audio.
 */
final class HlsOutput implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(HlsOutput.class);

	private final Streams streams;

	private final HlsFolder hls;

	private final FfmpegEngine.Settings settings;

	/** Confirms ownership before the playlist is published. */
	private final Guard guard;

	private final boolean resume;

	private final PacketWriter writer = new PacketWriter();

	private AVFormatContext out;

	private boolean headerWritten;

	private boolean started;

	private Optional<Instant> lastSegment;

	HlsOutput(Streams streams, HlsFolder hls, FfmpegEngine.Settings settings, Guard guard) throws MediaFailure {
		this.streams = streams;
		this.hls = hls;
		this.settings = settings;
		this.guard = guard;
		try {
			this.resume = hls.prepare();
		}
		catch (IOException ex) {
			throw MediaFailure.transientFailure("cannot prepare " + hls.path() + ": " + ex.getMessage());
		}
		this.lastSegment = hls.lastWritten();
		if (streams.describedBeforeKeyframe()) {
			open(null);
		}
	}

	/**
	 * Writes one packet of output stream {@code target}; the caller keeps the packet and
	 * restores its times.
	 */
	void write(AVPacket packet, int target, AVRational from, boolean key, MediaEngine.Session session)
			throws MediaFailure {
		if (!this.started && (target != 0 || !key)) {
			// Opened while the camera was already running: start at a keyframe.
			return;
		}
		if (this.out == null) {
			open(packet);
		}
		this.started = true;
		int result = this.writer.write(this.out, packet, target, from);
		if (result < 0) {
			throw MediaFailure
				.transientFailure("cannot write HLS to " + this.hls.path() + ": " + FfmpegMessages.describe(result));
		}
		if (key && target == 0) {
			// A keyframe is where the muxer may have closed a segment.
			Optional<Instant> written = this.hls.lastWritten();
			if (written.isPresent() && !written.equals(this.lastSegment)) {
				this.guard.confirm();
				try {
					this.hls.publish();
				}
				catch (IOException ex) {
					throw MediaFailure
						.transientFailure("cannot update the playlist in " + this.hls.path() + ": " + ex.getMessage());
				}
				this.lastSegment = this.hls.lastWritten();
				session.segmentWritten(written.get());
			}
		}
	}

	/**
	 * Opens the muxer.
	 * @param keyframe the first video packet (a keyframe), or {@code null} when opened
	 * before it
	 */
	private void open(AVPacket keyframe) throws MediaFailure {
		AVFormatContext context = new AVFormatContext(null);
		int result = avformat_alloc_output_context2(context, null, "hls", this.hls.muxerPlaylist().toString());
		if (result < 0) {
			throw MediaFailure.transientFailure("cannot create the HLS muxer: " + FfmpegMessages.describe(result));
		}
		this.out = context;
		AVStream video = this.streams.addStreams(context, keyframe, false);
		boolean fmp4 = fragmentedMp4(video);
		boolean append = this.resume;
		try {
			if (append && !this.hls.continuesWith(fmp4)) {
				// The camera switched between H.264 and H.265: an #EXT-X-MAP would
				// cover the MPEG-TS segments after it, so the playlist starts again.
				log.info("The camera writing {} changed its video format; its playlist starts afresh", this.hls.path());
				this.hls.startAfresh();
				append = false;
			}
		}
		catch (IOException ex) {
			throw MediaFailure.transientFailure("cannot prepare " + this.hls.path() + ": " + ex.getMessage());
		}
		AVDictionary options = new AVDictionary(null);
		try {
			av_dict_set(options, "hls_time", Double.toString(this.settings.segmentSeconds()), 0);
			av_dict_set(options, "hls_list_size", Integer.toString(this.settings.playlistSize()), 0);
			// A segment stays available after it leaves the playlist, for players
			// behind it (a busy tab, a slow phone); FFmpeg keeps one by default.
			av_dict_set(options, "hls_delete_threshold", Integer.toString(this.hls.keeping().publications()), 0);
			av_dict_set(options, "hls_flags",
					"delete_segments+temp_file+omit_endlist+independent_segments" + (append ? "+append_list" : ""), 0);
			HlsFolder.RunFiles files = this.hls.newRun(fmp4);
			av_dict_set(options, "hls_segment_filename", files.segmentPattern(), 0);
			if (fmp4) {
				av_dict_set(options, "hls_segment_type", "fmp4", 0);
				av_dict_set(options, "hls_fmp4_init_filename", files.initSegment(), 0);
			}
			result = avformat_write_header(context, options);
			if (result < 0) {
				throw MediaFailure.transientFailure(
						"cannot start HLS in " + this.hls.path() + ": " + FfmpegMessages.describe(result));
			}
			this.headerWritten = true;
		}
		finally {
			av_dict_free(options);
		}
	}

	/**
	 * H.265 goes out in fragmented MP4 tagged {@code hvc1}, the form Apple's players
	 * (Safari, iOS) require for HEVC; H.264 in MPEG-TS, which every player takes and
	 * which carries the camera's parameter sets in the stream. An H.265 camera that did
	 * not announce its parameter sets (no {@code sprop-vps/sps/pps} in its SDP) cannot
	 * make an initialization segment and stays in MPEG-TS, as does one whose picture size
	 * the parser could not read: the MP4 header needs it.
	 */
	private boolean fragmentedMp4(AVStream video) {
		if (video.codecpar().codec_id() != AV_CODEC_ID_HEVC) {
			return false;
		}
		if (video.codecpar().extradata_size() <= 0 || video.codecpar().width() <= 0 || video.codecpar().height() <= 0) {
			// Without parameter sets, or a picture size read from them, there is no
			// initialization segment to make.
			log.warn(
					"The H.265 camera writing {} announces no parameter sets; its stream goes out in MPEG-TS,"
							+ " which Safari cannot play (set the camera to send sprop-vps/sps/pps, or to H.264)",
					this.hls.path());
			return false;
		}
		video.codecpar().codec_tag(Streams.HVC1);
		return true;
	}

	@Override
	public void close() {
		if (this.out == null) {
			return;
		}
		if (this.headerWritten) {
			// Completes the last segment; the playlist stays open (omit_endlist).
			av_write_trailer(this.out);
			try {
				this.hls.publish();
			}
			catch (IOException ex) {
				log.warn("Cannot publish the last playlist of {}: {}", this.hls.path(), ex.getMessage());
			}
		}
		avformat_free_context(this.out);
		this.out = null;
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
	 * Frees the muxer without writing: no trailer, no playlist. The segment in progress
	 * (a temporary file no playlist lists) stays as it is for the next owner to remove,
	 * and what the muxer buffered for it is dropped with it.
	 */
	void abandon() {
		if (this.out != null) {
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
