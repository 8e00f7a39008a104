package dev.mediaplatform.worker.media.ffmpeg;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVCodecParserContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.av_parser_close;
import static org.bytedeco.ffmpeg.global.avcodec.av_parser_init;
import static org.bytedeco.ffmpeg.global.avcodec.av_parser_parse2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

/**
 * What the input offers to outputs: its video (copied, or re-encoded) as output stream 0
 * and its AAC audio, if any, as stream 1.
 */
final class Streams {

	/** The sample entry Apple's players want for H.265: parameter sets in the header. */
	static final int HVC1 = 'h' | ('v' << 8) | ('c' << 16) | ('1' << 24);

	private final AVFormatContext in;

	private final Plan plan;

	private final VideoTranscoder transcoder;

	Streams(AVFormatContext in, Plan plan, VideoTranscoder transcoder) {
		this.in = in;
		this.plan = plan;
		this.transcoder = transcoder;
	}

	boolean hevc() {
		return this.transcoder == null && this.in.streams(this.plan.video()).codecpar().codec_id() == AV_CODEC_ID_HEVC;
	}

	/**
	 * Whether an output can be opened before the first keyframe: not for H.265, whose
	 * picture size an MP4 header needs, nor for re-encoded video, whose encoder exists
	 * only then.
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
	 * @param keyframe the first video packet (a keyframe), or {@code null} when opened
	 * before it
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
	 * Fills in the picture size, which the input was opened without (no probing), from
	 * the parameter sets and the first keyframe, through FFmpeg's parser: nothing is
	 * decoded.
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
