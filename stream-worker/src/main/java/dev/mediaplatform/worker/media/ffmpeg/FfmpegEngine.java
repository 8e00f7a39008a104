package dev.mediaplatform.worker.media.ffmpeg;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.mediaplatform.addresses.AddressPolicy;
import dev.mediaplatform.worker.media.AddressCheck;
import dev.mediaplatform.worker.media.HlsFolder;
import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVCodecParserContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_parser_close;
import static org.bytedeco.ffmpeg.global.avcodec.av_parser_init;
import static org.bytedeco.ffmpeg.global.avcodec.av_parser_parse2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_FORBIDDEN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_UNAUTHORIZED;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

/**
 * Remuxes RTSP into live HLS in this JVM with FFmpeg's libraries: the input is opened
 * without probing or decoders (the RTSP session description names the codecs), H.264 and
 * H.265 video and AAC audio are copied, everything else is dropped. The only class that
 * touches FFmpeg.
 *
 * <p>
 * Native gotchas handled here: the interrupt callback is set before the input is opened
 * (it also serves as the watchdog for a source that stops delivering); RTSP transport and
 * socket timeout are always set; only network protocols are allowed inside FFmpeg, so a
 * {@code file:}, {@code concat:} or {@code pipe:} address cannot be opened even if it got
 * past the checks before; the camera's host is resolved and checked by
 * {@link AddressCheck} and FFmpeg is given the checked address; a failure to open says no
 * more than a user needs (see {@link MediaFailure#unreachable()}); timestamps handed to
 * the muxer always increase; every native object is freed on every path.
 */
public final class FfmpegEngine implements MediaEngine {

	private static final Logger log = LoggerFactory.getLogger(FfmpegEngine.class);

	/** Protocols FFmpeg may open for a camera: RTSP's own connections, nothing local. */
	static final String ALLOWED_PROTOCOLS = "tcp,udp,rtp,srtp,tls,rtsp,rtsps,httpproxy";

	/** The sample entry Apple's players want for H.265: parameter sets in the header. */
	private static final int HVC1 = 'h' | ('v' << 8) | ('c' << 16) | ('1' << 24);

	private static final Pattern USER_INFO = Pattern.compile("://[^/@\\s]+@");

	/**
	 * JavaCPP allows only a few callback objects per type, so one serves every input; the
	 * opaque pointer says which run is asking.
	 */
	private static final Map<Long, Run> RUNS = new ConcurrentHashMap<>();

	private static final Interrupter INTERRUPTER = new Interrupter();

	private static final FfmpegLog LOG_CALLBACK = new FfmpegLog();

	static {
		av_log_set_level(AV_LOG_WARNING);
		setLogCallback(LOG_CALLBACK);
	}

	private final Settings settings;

	private final AddressCheck addresses;

	/**
	 * An engine that refuses camera addresses the platform refuses by default, with no
	 * networks allowed or refused by an operator.
	 */
	public FfmpegEngine(Settings settings) {
		this(settings, AddressCheck.system(AddressPolicy.defaults()));
	}

	public FfmpegEngine(Settings settings, AddressCheck addresses) {
		this.settings = settings;
		this.addresses = addresses;
	}

	@Override
	public void run(LiveSource source, Outputs outputs, Session session) throws MediaFailure {
		IntPointer token = new IntPointer(1);
		Run run = new Run(session);
		RUNS.put(token.address(), run);
		AVFormatContext in = null;
		Fanout fanout = null;
		VideoTranscoder transcoder = null;
		AVPacket packet = null;
		try {
			String url = this.addresses.pin(source);
			run.deadline(this.settings.openTimeout());
			in = openInput(source, url, token);
			Plan plan = plan(in);
			if (plan.transcode()) {
				transcoder = VideoTranscoder.open(in.streams(plan.video()), this.settings.transcodeBitrate());
			}
			fanout = new Fanout(new Streams(in, plan, transcoder), outputs, session);
			packet = av_packet_alloc();
			copy(in, plan, fanout, transcoder, packet, run);
		}
		finally {
			RUNS.remove(token.address());
			if (packet != null) {
				av_packet_free(packet);
			}
			if (fanout != null) {
				fanout.close();
			}
			if (transcoder != null) {
				transcoder.close();
			}
			if (in != null) {
				avformat_close_input(in);
			}
			token.close();
		}
	}

	private AVFormatContext openInput(LiveSource source, String url, IntPointer token) throws MediaFailure {
		AVFormatContext in = avformat_alloc_context();
		AVIOInterruptCB interrupt = in.interrupt_callback();
		interrupt.callback(INTERRUPTER);
		interrupt.opaque(token);
		AVDictionary options = new AVDictionary(null);
		av_dict_set(options, "rtsp_transport", (source.transport() == LiveSource.Transport.UDP) ? "udp" : "tcp", 0);
		av_dict_set(options, "timeout", Long.toString(this.settings.ioTimeout().toNanos() / 1000), 0);
		av_dict_set(options, "protocol_whitelist", ALLOWED_PROTOCOLS, 0);
		av_dict_set(options, "allowed_media_types", "video+audio", 0);
		// Only the RTSP demuxer parses the address: no probing of what the URL might be.
		AVInputFormat rtsp = av_find_input_format("rtsp");
		int result = avformat_open_input(in, url, rtsp, options);
		av_dict_free(options);
		if (result < 0) {
			// FFmpeg has freed the context.
			log.info("camera {}: FFmpeg cannot open it: {}", source.cameraId(), describe(result));
			throw openFailure(result);
		}
		if (in.url() == null || !url.equals(in.url().getString(StandardCharsets.UTF_8))) {
			// FFmpeg follows an RTSP redirect by itself, to an address nobody checked.
			avformat_close_input(in);
			throw MediaFailure.refusedAddress("the camera redirected to another address, which is not followed:"
					+ " add the camera by the address it redirects to");
		}
		return in;
	}

	/**
	 * What a user reads when the camera cannot be opened: the credentials and the path
	 * are named when a camera said so, anything else is one reason, whether nothing
	 * listens or something that is not a camera answered.
	 */
	private static MediaFailure openFailure(int error) {
		if (error == AVERROR_HTTP_UNAUTHORIZED || error == AVERROR_HTTP_FORBIDDEN) {
			return MediaFailure.credentialsRefused();
		}
		if (error == AVERROR_HTTP_NOT_FOUND) {
			return MediaFailure
				.transientFailure("the camera has no stream at this path (RTSP 404): check the camera URL's path");
		}
		return MediaFailure.unreachable();
	}

	/** Which input streams go out, and whether the video must be re-encoded. */
	private static Plan plan(AVFormatContext in) throws MediaFailure {
		int video = -1;
		int audio = -1;
		for (int i = 0; i < in.nb_streams(); i++) {
			var parameters = in.streams(i).codecpar();
			if (video < 0 && parameters.codec_type() == AVMEDIA_TYPE_VIDEO) {
				video = i;
			}
			else if (audio < 0 && parameters.codec_type() == AVMEDIA_TYPE_AUDIO
					&& parameters.codec_id() == AV_CODEC_ID_AAC) {
				audio = i;
			}
		}
		if (video < 0) {
			throw MediaFailure.unsupported("the camera sends no video stream");
		}
		int codec = in.streams(video).codecpar().codec_id();
		boolean copy = codec == AV_CODEC_ID_H264 || codec == AV_CODEC_ID_HEVC;
		if (!copy && !VideoTranscoder.canTranscode(codec)) {
			throw MediaFailure.unsupported("the camera sends " + avcodec_get_name(codec).getString()
					+ " video, which this worker cannot convert; set the camera to H.264 or H.265");
		}
		return new Plan(video, audio, !copy);
	}

	private void copy(AVFormatContext in, Plan plan, Fanout fanout, VideoTranscoder transcoder, AVPacket packet,
			Run run) throws MediaFailure {
		run.deadline(this.settings.stallTimeout());
		while (true) {
			int result = av_read_frame(in, packet);
			if (result < 0) {
				if (run.session.stopRequested()) {
					return;
				}
				if (result == AVERROR_EXIT) {
					throw MediaFailure.transientFailure("the camera sent nothing for "
							+ this.settings.stallTimeout().toSeconds() + " s; reconnecting");
				}
				if (result == AVERROR_EOF) {
					throw MediaFailure.transientFailure("the camera ended the stream");
				}
				throw MediaFailure.transientFailure("lost the camera: " + describe(result));
			}
			run.deadline(this.settings.stallTimeout());
			run.session.received(packet.size());
			fanout.follow();
			int index = packet.stream_index();
			AVRational base = (index < in.nb_streams()) ? in.streams(index).time_base() : null;
			if (index == plan.video() && transcoder != null) {
				transcoder.decode(packet, (encoded) -> fanout.deliver(encoded, 0, transcoder.timeBase()));
			}
			else if (index == plan.video()) {
				fanout.deliver(packet, 0, base);
			}
			else if (index == plan.audio()) {
				fanout.deliver(packet, 1, base);
			}
			av_packet_unref(packet);
			if (run.session.stopRequested()) {
				return;
			}
		}
	}

	/**
	 * Writes a packet to output stream {@code target} on that stream's clock, its
	 * decoding time one tick past the last if rescaling made them equal.
	 * @return FFmpeg's result
	 */
	static int writeRescaled(AVFormatContext out, AVPacket packet, int target, AVRational from, long[] lastDts) {
		av_packet_rescale_ts(packet, from, out.streams(target).time_base());
		if (packet.dts() <= lastDts[target]) {
			packet.dts(lastDts[target] + 1);
			packet.pts(Math.max(packet.pts(), packet.dts()));
		}
		lastDts[target] = packet.dts();
		packet.stream_index(target);
		packet.pos(-1);
		return av_write_frame(out, packet);
	}

	/** FFmpeg's words for an error code, up to the end of its C string. */
	static String describe(int error) {
		try (BytePointer buffer = new BytePointer(256)) {
			av_strerror(error, buffer, 256);
			byte[] text = new byte[(int) BytePointer.strlen(buffer)];
			buffer.get(text);
			return new String(text, StandardCharsets.UTF_8);
		}
	}

	/**
	 * Timing of a pipeline.
	 *
	 * @param openTimeout the longest connect, describe and setup may take
	 * @param ioTimeout FFmpeg's socket timeout
	 * @param stallTimeout how long a source may send nothing before it is reconnected
	 * @param segmentSeconds target segment length (cut at the next keyframe)
	 * @param playlistSize segments kept in the playlist
	 * @param transcodeBitrate bits per second of H.264 made from video that cannot be
	 * copied
	 * @param chunkSeconds length of a recording chunk (cut at the next keyframe)
	 */
	public record Settings(Duration openTimeout, Duration ioTimeout, Duration stallTimeout, double segmentSeconds,
			int playlistSize, long transcodeBitrate, double chunkSeconds) {

		/**
		 * How long live files stay after they leave the playlist: a playlist's worth (RFC
		 * 8216 6.2.2), for a player that read the playlist before.
		 */
		HlsFolder.Keeping keeping() {
			// Segments run longer than asked when keyframes are further apart: twice.
			long lifetimeMillis = Math.round(2 * (2 * this.playlistSize + 1) * this.segmentSeconds * 1000);
			return new HlsFolder.Keeping(this.playlistSize, Duration.ofMillis(lifetimeMillis));
		}

	}

	/** The input's video and AAC audio stream indexes (-1 for none). */
	record Plan(int video, int audio, boolean transcode) {
	}

	/**
	 * What the input offers to outputs: its video (copied, or re-encoded) as output
	 * stream 0 and its AAC audio, if any, as stream 1.
	 */
	static final class Streams {

		private final AVFormatContext in;

		private final Plan plan;

		private final VideoTranscoder transcoder;

		Streams(AVFormatContext in, Plan plan, VideoTranscoder transcoder) {
			this.in = in;
			this.plan = plan;
			this.transcoder = transcoder;
		}

		boolean hevc() {
			return this.transcoder == null
					&& this.in.streams(this.plan.video()).codecpar().codec_id() == AV_CODEC_ID_HEVC;
		}

		/**
		 * Whether an output can be opened before the first keyframe: not for H.265, whose
		 * picture size an MP4 header needs, nor for re-encoded video, whose encoder
		 * exists only then.
		 */
		boolean describedBeforeKeyframe() {
			return this.transcoder == null && !hevc();
		}

		/** {@code h264} or {@code hevc}: what outputs carry. */
		String videoCodec() {
			return hevc() ? "hevc" : "h264";
		}

		/**
		 * Adds video and, when the camera sends AAC, audio to a new output.
		 * @param keyframe the first video packet (a keyframe), or {@code null} when
		 * opened before it
		 * @param mp4 whether the output is an MP4 file, where H.265 must be tagged
		 * {@code hvc1}
		 * @return the video stream
		 */
		AVStream addStreams(AVFormatContext out, AVPacket keyframe, boolean mp4) {
			AVStream video = avformat_new_stream(out, null);
			if (this.transcoder != null) {
				this.transcoder.describe(video);
			}
			else {
				copyParameters(this.in.streams(this.plan.video()), video);
				if (keyframe != null) {
					pictureSize(video.codecpar(), keyframe);
				}
				if (mp4 && hevc()) {
					video.codecpar().codec_tag(HVC1);
				}
			}
			if (this.plan.audio() >= 0) {
				copyParameters(this.in.streams(this.plan.audio()), avformat_new_stream(out, null));
			}
			return video;
		}

		/**
		 * Fills in the picture size, which the input was opened without (no probing),
		 * from the parameter sets and the first keyframe, through FFmpeg's parser:
		 * nothing is decoded.
		 */
		private static void pictureSize(AVCodecParameters parameters, AVPacket keyframe) {
			if (parameters.width() > 0 && parameters.height() > 0) {
				return;
			}
			AVCodecParserContext parser = av_parser_init(parameters.codec_id());
			AVCodecContext context = avcodec_alloc_context3(null);
			try (PointerPointer<BytePointer> parsed = new PointerPointer<>(1); IntPointer size = new IntPointer(1)) {
				if (parser == null || context == null) {
					return;
				}
				parser.flags(parser.flags() | AVCodecParserContext.PARSER_FLAG_COMPLETE_FRAMES);
				if (parameters.extradata_size() > 0) {
					av_parser_parse2(parser, context, parsed, size, parameters.extradata(), parameters.extradata_size(),
							AV_NOPTS_VALUE, AV_NOPTS_VALUE, 0);
				}
				av_parser_parse2(parser, context, parsed, size, keyframe.data(), keyframe.size(), AV_NOPTS_VALUE,
						AV_NOPTS_VALUE, 0);
				if (parser.width() > 0 && parser.height() > 0) {
					parameters.width(parser.width());
					parameters.height(parser.height());
				}
			}
			finally {
				if (parser != null) {
					av_parser_close(parser);
				}
				avcodec_free_context(context);
			}
		}

		private static void copyParameters(AVStream from, AVStream to) {
			avcodec_parameters_copy(to.codecpar(), from.codecpar());
			to.codecpar().codec_tag(0);
			to.time_base(from.time_base());
		}

	}

	/**
	 * One input, many outputs, on the pipeline's thread: packets are timed once
	 * ({@link Timeline}) and handed to live HLS and to the recorder in turn, each getting
	 * the packet as it came (an output rescales it to its own clock). Live HLS is opened
	 * and ended as the session wants it, without a new connection to the camera.
	 */
	private final class Fanout implements AutoCloseable {

		private final Streams streams;

		private final Outputs outputs;

		private final Session session;

		private final Timeline timeline = new Timeline();

		private final ChunkRecorder recorder;

		private HlsOutput live;

		/**
		 * Whether ownership could not be confirmed: the outputs are then left as they
		 * are, not ended.
		 */
		private boolean abandoned;

		Fanout(Streams streams, Outputs outputs, Session session) throws MediaFailure {
			this.streams = streams;
			this.outputs = outputs;
			this.session = session;
			this.recorder = (outputs.recordings() != null) ? new ChunkRecorder(outputs.recordings(), streams,
					FfmpegEngine.this.settings.chunkSeconds(), outputs.clock(), session) : null;
			follow();
		}

		/** Opens or ends live HLS as the session now wants. */
		void follow() throws MediaFailure {
			boolean wanted = this.session.liveWanted() && this.outputs.liveFolder() != null;
			if (wanted && this.live == null) {
				confirmOwner();
				this.live = new HlsOutput(this.streams,
						new HlsFolder(this.outputs.liveFolder(), FfmpegEngine.this.settings.keeping()),
						this::confirmOwner);
			}
			else if (!wanted && this.live != null) {
				confirmOwner();
				HlsOutput ending = this.live;
				this.live = null;
				ending.close();
				try {
					ending.hls.end();
				}
				catch (java.io.IOException ex) {
					log.warn("Cannot end the playlist in {}: {}", ending.hls.path(), ex.getMessage());
				}
			}
		}

		void deliver(AVPacket packet, int target, AVRational from) throws MediaFailure {
			this.timeline.accept(packet, target, from, this::fanOut);
		}

		/**
		 * Every write to the camera's files comes after this; a run that may not write
		 * any more leaves its outputs as they are.
		 */
		private void confirmOwner() throws MediaFailure {
			try {
				this.session.confirmOwner();
			}
			catch (MediaFailure failure) {
				this.abandoned = true;
				throw failure;
			}
		}

		private void fanOut(AVPacket packet, int target, AVRational from, boolean key) throws MediaFailure {
			confirmOwner();
			long pts = packet.pts();
			long dts = packet.dts();
			long duration = packet.duration();
			int index = packet.stream_index();
			if (this.recorder != null) {
				this.recorder.write(packet, target, from, key);
				packet.pts(pts);
				packet.dts(dts);
				packet.duration(duration);
				packet.stream_index(index);
			}
			if (this.live != null) {
				this.live.write(packet, target, from, key, this.session);
				packet.pts(pts);
				packet.dts(dts);
				packet.duration(duration);
				packet.stream_index(index);
			}
		}

		@Override
		public void close() {
			if (!this.abandoned && (this.recorder != null || this.live != null)) {
				try {
					// Ending writes trailers and playlists: only for an owner.
					confirmOwner();
				}
				catch (MediaFailure failure) {
					log.warn("{}: its outputs are left as they are", failure.getMessage());
				}
			}
			try {
				if (this.recorder != null) {
					if (this.abandoned) {
						this.recorder.abandon();
					}
					else {
						this.recorder.close();
					}
				}
			}
			finally {
				if (this.live != null) {
					if (this.abandoned) {
						this.live.abandon();
					}
					else {
						this.live.close();
					}
				}
				this.timeline.close();
			}
		}

	}

	/**
	 * Times the input's packets once for every output: outputs start at a video keyframe
	 * (RTSP often hands the first one over without a time: it is kept and dated from the
	 * next packet, rather than waiting a whole GOP for the next keyframe), packets
	 * without any time are dropped, a camera clock that jumps is absorbed, and decoding
	 * times always increase.
	 */
	private static final class Timeline implements AutoCloseable {

		private final long[] lastDts = { Long.MIN_VALUE, Long.MIN_VALUE };

		private final long[] offset = { 0, 0 };

		private AVPacket untimedKey;

		private boolean started;

		void accept(AVPacket packet, int target, AVRational from, Next next) throws MediaFailure {
			boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
			boolean timed = packet.dts() != AV_NOPTS_VALUE || packet.pts() != AV_NOPTS_VALUE;
			if (!this.started) {
				if (target != 0) {
					return;
				}
				if (key && !timed) {
					if (this.untimedKey != null) {
						av_packet_free(this.untimedKey);
					}
					this.untimedKey = av_packet_clone(packet);
					return;
				}
				if (!key && (!timed || this.untimedKey == null)) {
					return;
				}
				if (!key) {
					AVPacket first = this.untimedKey;
					this.untimedKey = null;
					long following = (packet.dts() != AV_NOPTS_VALUE) ? packet.dts() : packet.pts();
					long before = following - ticks(from, 1, 25);
					first.dts(before);
					first.pts(before);
					try {
						pass(first, 0, from, true, next);
					}
					finally {
						av_packet_free(first);
					}
				}
			}
			if (timed) {
				pass(packet, target, from, key, next);
			}
		}

		private void pass(AVPacket packet, int target, AVRational from, boolean key, Next next) throws MediaFailure {
			this.started = true;
			long last = this.lastDts[target];
			long dts = ((packet.dts() != AV_NOPTS_VALUE) ? packet.dts() : packet.pts()) + this.offset[target];
			if (last != Long.MIN_VALUE && Math.abs(dts - last) > ticks(from, 5, 1)) {
				// The camera's clock jumped (it restarted its encoder, or its RTCP time
				// changed): carry on from where the stream was instead of stretching or
				// squashing segments and chunks.
				long step = ticks(from, 1, 50);
				this.offset[target] += last + step - dts;
				dts = last + step;
			}
			if (dts <= last) {
				dts = last + 1;
			}
			long pts = (packet.pts() != AV_NOPTS_VALUE) ? packet.pts() + this.offset[target] : dts;
			this.lastDts[target] = dts;
			packet.dts(dts);
			packet.pts(Math.max(pts, dts));
			next.accept(packet, target, from, key);
		}

		/** {@code seconds / per} seconds in a time base, at least one tick. */
		private static long ticks(AVRational base, long seconds, long per) {
			return Math.max(1, seconds * base.den() / (per * Math.max(1, base.num())));
		}

		@Override
		public void close() {
			if (this.untimedKey != null) {
				av_packet_free(this.untimedKey);
				this.untimedKey = null;
			}
		}

		@FunctionalInterface
		interface Next {

			void accept(AVPacket packet, int target, AVRational from, boolean key) throws MediaFailure;

		}

	}

	/**
	 * The HLS muxer: opened at once when copied H.264 can be described before its first
	 * keyframe, else at the first keyframe. Output stream 0 is video, 1 audio.
	 */
	private final class HlsOutput implements AutoCloseable {

		private final Streams streams;

		private final HlsFolder hls;

		/** Confirms ownership before the playlist is published. */
		private final Guard guard;

		private final boolean resume;

		private final long[] lastDts = { Long.MIN_VALUE, Long.MIN_VALUE };

		private AVFormatContext out;

		private boolean headerWritten;

		private boolean started;

		private Optional<Instant> lastSegment;

		HlsOutput(Streams streams, HlsFolder hls, Guard guard) throws MediaFailure {
			this.streams = streams;
			this.hls = hls;
			this.guard = guard;
			try {
				this.resume = hls.prepare();
			}
			catch (java.io.IOException ex) {
				throw MediaFailure.transientFailure("cannot prepare " + hls.path() + ": " + ex.getMessage());
			}
			this.lastSegment = hls.lastWritten();
			if (streams.describedBeforeKeyframe()) {
				open(null);
			}
		}

		/**
		 * Writes one packet of output stream {@code target}; the caller keeps the packet
		 * and restores its times.
		 */
		void write(AVPacket packet, int target, AVRational from, boolean key, Session session) throws MediaFailure {
			if (!this.started && (target != 0 || !key)) {
				// Opened while the camera was already running: start at a keyframe.
				return;
			}
			if (this.out == null) {
				open(packet);
			}
			this.started = true;
			int result = writeRescaled(this.out, packet, target, from, this.lastDts);
			if (result < 0) {
				throw MediaFailure.transientFailure("cannot write HLS to " + this.hls.path() + ": " + describe(result));
			}
			if (key && target == 0) {
				// A keyframe is where the muxer may have closed a segment.
				Optional<Instant> written = this.hls.lastWritten();
				if (written.isPresent() && !written.equals(this.lastSegment)) {
					this.guard.confirm();
					try {
						this.hls.publish();
					}
					catch (java.io.IOException ex) {
						throw MediaFailure.transientFailure(
								"cannot update the playlist in " + this.hls.path() + ": " + ex.getMessage());
					}
					this.lastSegment = this.hls.lastWritten();
					session.segmentWritten(written.get());
				}
			}
		}

		/**
		 * Opens the muxer.
		 * @param keyframe the first video packet (a keyframe), or {@code null} when
		 * opened before it
		 */
		private void open(AVPacket keyframe) throws MediaFailure {
			AVFormatContext context = new AVFormatContext(null);
			int result = avformat_alloc_output_context2(context, null, "hls", this.hls.muxerPlaylist().toString());
			if (result < 0) {
				throw MediaFailure.transientFailure("cannot create the HLS muxer: " + describe(result));
			}
			this.out = context;
			AVStream video = this.streams.addStreams(context, keyframe, false);
			boolean fmp4 = fragmentedMp4(video);
			boolean append = this.resume;
			try {
				if (append && !this.hls.continuesWith(fmp4)) {
					// The camera switched between H.264 and H.265: an #EXT-X-MAP would
					// cover the MPEG-TS segments after it, so the playlist starts again.
					log.info("The camera writing {} changed its video format; its playlist starts afresh",
							this.hls.path());
					this.hls.startAfresh();
					append = false;
				}
			}
			catch (java.io.IOException ex) {
				throw MediaFailure.transientFailure("cannot prepare " + this.hls.path() + ": " + ex.getMessage());
			}
			AVDictionary options = new AVDictionary(null);
			try {
				av_dict_set(options, "hls_time", Double.toString(FfmpegEngine.this.settings.segmentSeconds()), 0);
				av_dict_set(options, "hls_list_size", Integer.toString(FfmpegEngine.this.settings.playlistSize()), 0);
				// A segment stays available after it leaves the playlist, for players
				// behind it (a busy tab, a slow phone); FFmpeg keeps one by default.
				av_dict_set(options, "hls_delete_threshold", Integer.toString(this.hls.keeping().publications()), 0);
				av_dict_set(options, "hls_flags",
						"delete_segments+temp_file+omit_endlist+independent_segments" + (append ? "+append_list" : ""),
						0);
				HlsFolder.RunFiles files = this.hls.newRun(fmp4);
				av_dict_set(options, "hls_segment_filename", files.segmentPattern(), 0);
				if (fmp4) {
					av_dict_set(options, "hls_segment_type", "fmp4", 0);
					av_dict_set(options, "hls_fmp4_init_filename", files.initSegment(), 0);
				}
				result = avformat_write_header(context, options);
				if (result < 0) {
					throw MediaFailure
						.transientFailure("cannot start HLS in " + this.hls.path() + ": " + describe(result));
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
		 * which carries the camera's parameter sets in the stream. An H.265 camera that
		 * did not announce its parameter sets (no {@code sprop-vps/sps/pps} in its SDP)
		 * cannot make an initialization segment and stays in MPEG-TS, as does one whose
		 * picture size the parser could not read: the MP4 header needs it.
		 */
		private boolean fragmentedMp4(AVStream video) {
			if (video.codecpar().codec_id() != AV_CODEC_ID_HEVC) {
				return false;
			}
			if (video.codecpar().extradata_size() <= 0 || video.codecpar().width() <= 0
					|| video.codecpar().height() <= 0) {
				// Without parameter sets, or a picture size read from them, there is no
				// initialization segment to make.
				log.warn(
						"The H.265 camera writing {} announces no parameter sets; its stream goes out in MPEG-TS,"
								+ " which Safari cannot play (set the camera to send sprop-vps/sps/pps, or to H.264)",
						this.hls.path());
				return false;
			}
			video.codecpar().codec_tag(HVC1);
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
				catch (java.io.IOException ex) {
					log.warn("Cannot publish the last playlist of {}: {}", this.hls.path(), ex.getMessage());
				}
			}
			avformat_free_context(this.out);
			this.out = null;
		}

		/**
		 * Frees the muxer without writing: no trailer, no playlist. The segment in
		 * progress (a temporary file no playlist lists) stays as it is for the next owner
		 * to remove, and what the muxer buffered for it is dropped with it.
		 */
		void abandon() {
			if (this.out != null) {
				avformat_free_context(this.out);
				this.out = null;
			}
		}

	}

	/** A check that throws when the run may not write any more. */
	@FunctionalInterface
	private interface Guard {

		void confirm() throws MediaFailure;

	}

	private static final class Run {

		private final Session session;

		private volatile long deadline;

		Run(Session session) {
			this.session = session;
		}

		void deadline(Duration fromNow) {
			this.deadline = System.nanoTime() + fromNow.toNanos();
		}

		boolean interrupted() {
			return this.session.stopRequested() || System.nanoTime() - this.deadline > 0;
		}

	}

	private static final class Interrupter extends AVIOInterruptCB.Callback_Pointer {

		@Override
		public int call(Pointer opaque) {
			Run run = (opaque != null) ? RUNS.get(opaque.address()) : null;
			return (run == null || run.interrupted()) ? 1 : 0;
		}

	}

	private static final class FfmpegLog extends LogCallback {

		@Override
		public void call(int level, BytePointer message) {
			String text = USER_INFO.matcher(message.getString().strip()).replaceAll("://****@");
			if (text.isEmpty()) {
				return;
			}
			// The pipeline reports each failure once, with its cause; FFmpeg's own words
			// are for debugging.
			log.debug("ffmpeg[{}]: {}", level, text);
		}

	}

}
