package dev.mediaplatform.worker.media.ffmpeg;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVRational;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;

/**
 * Writes packets into one muxer, each on its output stream's clock. FFmpeg's muxers
 * refuse a decoding time that does not increase, and rescaling to a coarser clock can
 * make two equal: the later one is then written one tick past the earlier.
 */
final class PacketWriter {

	private final long[] lastDts = { Long.MIN_VALUE, Long.MIN_VALUE };

	/** Forgets the times written so far: the next packets go to a new muxer. */
	void restart() {
		this.lastDts[0] = Long.MIN_VALUE;
		this.lastDts[1] = Long.MIN_VALUE;
	}

	/**
	 * Writes a packet to output stream {@code target} of {@code out}, rescaled from
	 * {@code from} to that stream's time base; the packet's times, stream and position
	 * are changed.
	 * @return FFmpeg's result
	 */
	int write(AVFormatContext out, AVPacket packet, int target, AVRational from) {
		av_packet_rescale_ts(packet, from, out.streams(target).time_base());
		if (packet.dts() <= this.lastDts[target]) {
			packet.dts(this.lastDts[target] + 1);
			packet.pts(Math.max(packet.pts(), packet.dts()));
		}
		this.lastDts[target] = packet.dts();
		packet.stream_index(target);
		packet.pos(-1);
		return av_write_frame(out, packet);
	}

}
