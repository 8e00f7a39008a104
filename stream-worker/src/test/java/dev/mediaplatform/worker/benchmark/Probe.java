package dev.mediaplatform.worker.benchmark;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

import static dev.mediaplatform.worker.benchmark.Bench.f2;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

/**
 * What the first video packets of a fresh RTSP session looked like, read with FFmpeg's
 * demuxer directly: explains the start times, is not itself measured.
 */
record Probe(boolean firstKey, boolean firstTimed, double firstAfterSeconds, int nextKeyIndex, double nextKeySeconds,
		String error) {

	static Probe take(String url) {
		long start = System.nanoTime();
		AVFormatContext in = avformat_alloc_context();
		AVDictionary options = new AVDictionary(null);
		av_dict_set(options, "rtsp_transport", "tcp", 0);
		av_dict_set(options, "timeout", "5000000", 0);
		int result = avformat_open_input(in, url, av_find_input_format("rtsp"), options);
		av_dict_free(options);
		if (result < 0) {
			return new Probe(false, false, Double.NaN, -1, Double.NaN, "cannot open: error " + result);
		}
		AVPacket packet = av_packet_alloc();
		try {
			int video = -1;
			for (int i = 0; i < in.nb_streams() && video < 0; i++) {
				video = (in.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) ? i : -1;
			}
			AVRational base = in.streams(Math.max(0, video)).time_base();
			boolean firstKey = false;
			boolean firstTimed = false;
			double firstAfter = Double.NaN;
			int index = 0;
			while (index < 80 && av_read_frame(in, packet) >= 0) {
				try {
					if (packet.stream_index() != video) {
						continue;
					}
					boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
					if (index == 0) {
						firstKey = key;
						firstTimed = packet.pts() != AV_NOPTS_VALUE || packet.dts() != AV_NOPTS_VALUE;
						firstAfter = (System.nanoTime() - start) / 1e9;
					}
					else if (key) {
						long time = (packet.pts() != AV_NOPTS_VALUE) ? packet.pts() : packet.dts();
						double seconds = (time == AV_NOPTS_VALUE) ? Double.NaN
								: (double) time * base.num() / base.den();
						return new Probe(firstKey, firstTimed, firstAfter, index, seconds, null);
					}
					index++;
				}
				finally {
					av_packet_unref(packet);
				}
			}
			return new Probe(firstKey, firstTimed, firstAfter, -1, Double.NaN, null);
		}
		finally {
			av_packet_free(packet);
			avformat_close_input(in);
		}
	}

	@Override
	public String toString() {
		if (this.error != null) {
			return this.error;
		}
		return "first video packet after " + f2(this.firstAfterSeconds) + " s: "
				+ (this.firstKey ? "keyframe" : "not a keyframe") + ", "
				+ (this.firstTimed ? "with a timestamp" : "without a timestamp (pts and dts unset)")
				+ "; next keyframe: packet " + this.nextKeyIndex + ", at " + f2(this.nextKeySeconds) + " s";
	}

}
