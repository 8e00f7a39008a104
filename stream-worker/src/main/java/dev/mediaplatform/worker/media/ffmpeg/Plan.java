package dev.mediaplatform.worker.media.ffmpeg;

import dev.mediaplatform.worker.media.MediaFailure;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

/**
 * Which input streams go out, and whether the video must be re-encoded.
 *
 * @param video the index of the input's first video stream
 * @param audio the index of its first AAC audio stream, -1 for none (other audio is
 * dropped)
 * @param transcode whether the video is neither H.264 nor H.265 and is re-encoded
 */
record Plan(int video, int audio, boolean transcode) {

	/**
	 * The plan for an opened input.
	 * @throws MediaFailure (permanent) when the camera sends no video, or video this
	 * worker can neither copy nor convert
	 */
	static Plan of(AVFormatContext in) throws MediaFailure {
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

}
