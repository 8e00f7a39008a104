package dev.mediaplatform.worker.media.ffmpeg;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

/**
 * A chunk's thumbnail: its first keyframe decoded (that one frame only), scaled to
 * {@value #WIDTH} pixels wide and written as a JPEG beside the chunk, for a timeline.
 * {@link ChunkRecorder} makes one when a chunk opens.
 */
final class Thumbnailer {

	static final int WIDTH = 320;

	private Thumbnailer() {
	}

	/**
	 * Writes the thumbnail of {@code keyframe} (a packet of the stream {@code video}
	 * describes) to {@code file}, atomically; returns whether it could.
	 */
	static boolean write(AVCodecParameters video, AVPacket keyframe, Path file) {
		AVFrame frame = decode(video, keyframe);
		if (frame == null) {
			return false;
		}
		try {
			byte[] jpeg = jpeg(frame);
			if (jpeg == null) {
				return false;
			}
			Path temp = file.resolveSibling(file.getFileName() + ".tmp");
			Files.write(temp, jpeg);
			try {
				Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
			}
			return true;
		}
		catch (IOException ex) {
			return false;
		}
		finally {
			av_frame_free(frame);
		}
	}

	/** The keyframe's picture, or {@code null} when it does not decode alone. */
	private static AVFrame decode(AVCodecParameters video, AVPacket keyframe) {
		AVCodec codec = avcodec_find_decoder(video.codec_id());
		if (codec == null) {
			return null;
		}
		AVCodecContext decoder = avcodec_alloc_context3(codec);
		AVFrame frame = av_frame_alloc();
		try {
			avcodec_parameters_to_context(decoder, video);
			if (avcodec_open2(decoder, codec, (AVDictionary) null) < 0 || avcodec_send_packet(decoder, keyframe) < 0) {
				av_frame_free(frame);
				return null;
			}
			// Drain: the decoder gives the one frame back once told no more come.
			avcodec_send_packet(decoder, null);
			if (avcodec_receive_frame(decoder, frame) < 0 || frame.width() <= 0) {
				av_frame_free(frame);
				return null;
			}
			return frame;
		}
		finally {
			avcodec_free_context(decoder);
		}
	}

	private static byte[] jpeg(AVFrame picture) {
		int width = WIDTH;
		int height = Math.max(2, (picture.height() * WIDTH / picture.width()) & ~1);
		AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
		if (codec == null) {
			return null;
		}
		AVCodecContext encoder = avcodec_alloc_context3(codec);
		AVFrame scaled = av_frame_alloc();
		AVPacket packet = av_packet_alloc();
		SwsContext scaler = sws_getContext(picture.width(), picture.height(), picture.format(), width, height,
				AV_PIX_FMT_YUVJ420P, SWS_BILINEAR, null, null, (DoublePointer) null);
		try {
			encoder.width(width);
			encoder.height(height);
			encoder.pix_fmt(AV_PIX_FMT_YUVJ420P);
			encoder.time_base(av_make_q(1, 25));
			if (scaler == null || avcodec_open2(encoder, codec, (AVDictionary) null) < 0) {
				return null;
			}
			scaled.format(AV_PIX_FMT_YUVJ420P);
			scaled.width(width);
			scaled.height(height);
			av_frame_get_buffer(scaled, 0);
			sws_scale(scaler, picture.data(), picture.linesize(), 0, picture.height(), scaled.data(),
					scaled.linesize());
			scaled.pts(0);
			if (avcodec_send_frame(encoder, scaled) < 0 || avcodec_receive_packet(encoder, packet) < 0) {
				return null;
			}
			byte[] jpeg = new byte[packet.size()];
			packet.data().get(jpeg);
			return jpeg;
		}
		finally {
			if (scaler != null) {
				sws_freeContext(scaler);
			}
			av_packet_free(packet);
			av_frame_free(scaled);
			avcodec_free_context(encoder);
		}
	}

}
