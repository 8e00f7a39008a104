package dev.mediaplatform.worker.media.ffmpeg;

import dev.mediaplatform.worker.media.MediaFailure;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

/**
 * Turns video a player cannot take (MJPEG, MPEG-4 Part 2, ...) into H.264 with the
 * openh264 encoder of bytedeco's FFmpeg build, keyframe every second. Used only when the
 * camera's video cannot be copied ({@link Plan#transcode()}): it costs tens of times what
 * a copy costs.
 */
final class VideoTranscoder implements AutoCloseable {

	/** {@code AVERROR(EAGAIN)} on Linux. */
	private static final int EAGAIN = -11;

	private static final String ENCODER = "libopenh264";

	private final AVCodecContext decoder;

	private final AVRational timeBase;

	private final int fps;

	private final long bitrate;

	private final AVFrame frame = av_frame_alloc();

	private final AVPacket encoded = av_packet_alloc();

	private AVCodecContext encoder;

	private SwsContext scaler;

	private AVFrame scaled;

	private VideoTranscoder(AVCodecContext decoder, AVRational timeBase, int fps, long bitrate) {
		this.decoder = decoder;
		this.timeBase = timeBase;
		this.fps = fps;
		this.bitrate = bitrate;
	}

	static boolean canTranscode(int codecId) {
		return avcodec_find_decoder(codecId) != null && avcodec_find_encoder_by_name(ENCODER) != null;
	}

	static VideoTranscoder open(AVStream stream, long bitrate) throws MediaFailure {
		AVCodec codec = avcodec_find_decoder(stream.codecpar().codec_id());
		AVCodecContext decoder = avcodec_alloc_context3(codec);
		avcodec_parameters_to_context(decoder, stream.codecpar());
		decoder.pkt_timebase(stream.time_base());
		int result = avcodec_open2(decoder, codec, (AVDictionary) null);
		if (result < 0) {
			avcodec_free_context(decoder);
			throw MediaFailure.unsupported("cannot decode the camera's video: " + FfmpegMessages.describe(result));
		}
		AVRational rate = stream.avg_frame_rate();
		int fps = (rate.num() > 0 && rate.den() > 0) ? Math.max(1, Math.round((float) rate.num() / rate.den())) : 25;
		return new VideoTranscoder(decoder, av_make_q(stream.time_base().num(), stream.time_base().den()), fps,
				bitrate);
	}

	/** Time base of the packets handed to the sink. */
	AVRational timeBase() {
		return this.timeBase;
	}

	/** Sets an output stream up for the encoded video; valid after the first packet. */
	void describe(AVStream stream) {
		avcodec_parameters_from_context(stream.codecpar(), this.encoder);
		stream.time_base(this.timeBase);
	}

	/**
	 * Decodes one packet and hands every H.264 packet that results to the sink; the sink
	 * must not keep the packet. A packet that does not decode is skipped.
	 */
	void decode(AVPacket packet, PacketSink sink) throws MediaFailure {
		if (avcodec_send_packet(this.decoder, packet) < 0) {
			return;
		}
		while (avcodec_receive_frame(this.decoder, this.frame) >= 0) {
			try {
				encode(sink);
			}
			finally {
				av_frame_unref(this.frame);
			}
		}
	}

	private void encode(PacketSink sink) throws MediaFailure {
		if (this.encoder == null) {
			openEncoder(this.frame.width(), this.frame.height());
		}
		else if (this.frame.width() != this.encoder.width() || this.frame.height() != this.encoder.height()) {
			throw MediaFailure.transientFailure("the camera changed its picture size; reconnecting");
		}
		av_frame_make_writable(this.scaled);
		sws_scale(this.scaler, this.frame.data(), this.frame.linesize(), 0, this.frame.height(), this.scaled.data(),
				this.scaled.linesize());
		this.scaled.pts(this.frame.best_effort_timestamp());
		int result = avcodec_send_frame(this.encoder, this.scaled);
		if (result < 0 && result != EAGAIN) {
			throw MediaFailure.transientFailure("the H.264 encoder failed: " + FfmpegMessages.describe(result));
		}
		while (avcodec_receive_packet(this.encoder, this.encoded) >= 0) {
			try {
				sink.accept(this.encoded);
			}
			finally {
				av_packet_unref(this.encoded);
			}
		}
	}

	private void openEncoder(int width, int height) throws MediaFailure {
		AVCodec codec = avcodec_find_encoder_by_name(ENCODER);
		AVCodecContext context = avcodec_alloc_context3(codec);
		context.width(width);
		context.height(height);
		context.pix_fmt(AV_PIX_FMT_YUV420P);
		context.time_base(this.timeBase);
		context.framerate(av_make_q(this.fps, 1));
		context.gop_size(this.fps);
		context.max_b_frames(0);
		context.bit_rate(this.bitrate);
		int result = avcodec_open2(context, codec, (AVDictionary) null);
		if (result < 0) {
			avcodec_free_context(context);
			throw MediaFailure.unsupported("cannot start the H.264 encoder for " + width + "x" + height + ": "
					+ FfmpegMessages.describe(result));
		}
		this.encoder = context;
		this.scaler = sws_getContext(width, height, this.decoder.pix_fmt(), width, height, AV_PIX_FMT_YUV420P,
				SWS_BILINEAR, null, null, (DoublePointer) null);
		this.scaled = av_frame_alloc();
		this.scaled.format(AV_PIX_FMT_YUV420P);
		this.scaled.width(width);
		this.scaled.height(height);
		av_frame_get_buffer(this.scaled, 0);
	}

	@Override
	public void close() {
		if (this.scaler != null) {
			sws_freeContext(this.scaler);
		}
		if (this.scaled != null) {
			av_frame_free(this.scaled);
		}
		if (this.encoder != null) {
			avcodec_free_context(this.encoder);
		}
		avcodec_free_context(this.decoder);
		av_frame_free(this.frame);
		av_packet_free(this.encoded);
	}

	/** Where encoded packets go. */
	@FunctionalInterface
	interface PacketSink {

		void accept(AVPacket packet) throws MediaFailure;

	}

}
