package dev.mediaplatform.worker.media.ffmpeg;

import java.time.Duration;

import dev.mediaplatform.addresses.AddressPolicy;
import dev.mediaplatform.worker.media.AddressCheck;
import dev.mediaplatform.worker.media.HlsFolder;
import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVRational;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;

/**
 * The media engine on FFmpeg's libraries, in this JVM: a camera's RTSP remuxed into live
 * HLS and recording chunks. H.264 and H.265 video and AAC audio are copied; other video
 * is re-encoded to H.264 when FFmpeg can decode it ({@link VideoTranscoder}); other
 * streams are dropped. The one class of this package the rest of the worker sees, and
 * only where the engine is constructed: the pipelines hold a {@link MediaEngine}.
 *
 * <p>
 * A run, on the caller's thread: the camera's host is resolved and checked by
 * {@link AddressCheck} and FFmpeg is given the checked address; {@link RtspInput} opens
 * it and watches it for stalls; {@link Plan} picks the streams that go out; every packet
 * then goes to {@link Fanout}, which times it once ({@link Timeline}) and hands it to the
 * recorder ({@link ChunkRecorder}) and to live HLS ({@link HlsOutput}). Every native
 * object is freed on every path.
 */
public final class FfmpegEngine implements MediaEngine {

	static {
		FfmpegMessages.forwardLog();
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
		String url = this.addresses.pin(source);
		try (RtspInput input = RtspInput.open(source, url, this.settings, session)) {
			AVFormatContext in = input.context();
			Plan plan = Plan.of(in);
			try (VideoTranscoder transcoder = plan.transcode()
					? VideoTranscoder.open(in.streams(plan.video()), this.settings.transcodeBitrate()) : null;
					Fanout fanout = new Fanout(new Streams(in, plan, transcoder), outputs, session, this.settings)) {
				copy(input, plan, fanout, transcoder, session);
			}
		}
	}

	/** Reads the camera until it fails or the session asks to stop. */
	private static void copy(RtspInput input, Plan plan, Fanout fanout, VideoTranscoder transcoder, Session session)
			throws MediaFailure {
		AVFormatContext in = input.context();
		AVPacket packet = av_packet_alloc();
		try {
			input.watchForStalls();
			while (input.read(packet)) {
				session.received(packet.size());
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
				if (session.stopRequested()) {
					return;
				}
			}
		}
		finally {
			av_packet_free(packet);
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
	 * @param partSeconds the longest a Low-Latency HLS part may be (its target)
	 */
	public record Settings(Duration openTimeout, Duration ioTimeout, Duration stallTimeout, double segmentSeconds,
			int playlistSize, long transcodeBitrate, double chunkSeconds, double partSeconds) {

		/**
		 * How long live files stay after they leave the playlist: a playlist's worth of
		 * segments (RFC 8216 6.2.2), for a player that read the playlist before.
		 */
		HlsFolder.Keeping keeping() {
			// Segments run longer than asked when keyframes are further apart: twice.
			long lifetimeMillis = Math.round(2 * (2 * this.playlistSize + 1) * this.segmentSeconds * 1000);
			return new HlsFolder.Keeping(this.playlistSize, Duration.ofMillis(lifetimeMillis));
		}

	}

}
