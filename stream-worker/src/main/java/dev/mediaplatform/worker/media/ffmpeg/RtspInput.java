package dev.mediaplatform.worker.media.ffmpeg;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_FORBIDDEN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_UNAUTHORIZED;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

/**
 * The camera's side of a run: one connection through FFmpeg's RTSP demuxer, read packet
 * by packet. The input is opened without probing or decoders (the RTSP session
 * description names the codecs). An interrupt callback, set before the input is opened,
 * ends any blocking call once the session asks to stop or a deadline passes: the open
 * timeout while connecting, then the stall timeout after every packet, which is the
 * watchdog for a camera that stops delivering. RTSP transport and socket timeout are
 * always set; only network protocols are allowed inside FFmpeg, so a {@code file:},
 * {@code concat:} or {@code pipe:} address cannot be opened even if it got past the
 * checks before; an RTSP redirect is not followed; a failure to open says no more than a
 * user needs (see {@link MediaFailure#unreachable()}).
 */
final class RtspInput implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RtspInput.class);

	/** Protocols FFmpeg may open for a camera: RTSP's own connections, nothing local. */
	static final String ALLOWED_PROTOCOLS = "tcp,udp,rtp,srtp,tls,rtsp,rtsps,httpproxy";

	/**
	 * JavaCPP allows only a few callback objects per type, so one serves every input; the
	 * opaque pointer says which input is asking.
	 */
	private static final Map<Long, RtspInput> OPEN = new ConcurrentHashMap<>();

	private static final Interrupter INTERRUPTER = new Interrupter();

	private final MediaEngine.Session session;

	private final Duration stallTimeout;

	/** The callback's opaque pointer: its address is this input's key. */
	private final IntPointer token = new IntPointer(1);

	private volatile long deadline;

	private AVFormatContext context;

	private RtspInput(MediaEngine.Session session, Duration stallTimeout) {
		this.session = session;
		this.stallTimeout = stallTimeout;
	}

	/**
	 * Connects to the camera.
	 * @param url the source's address with its host replaced by the checked address
	 * @throws MediaFailure when the camera cannot be opened, or redirects
	 */
	static RtspInput open(LiveSource source, String url, FfmpegEngine.Settings settings, MediaEngine.Session session)
			throws MediaFailure {
		RtspInput input = new RtspInput(session, settings.stallTimeout());
		OPEN.put(input.token.address(), input);
		try {
			input.deadline(settings.openTimeout());
			input.context = openContext(source, url, settings.ioTimeout(), input.token);
			return input;
		}
		catch (MediaFailure | RuntimeException ex) {
			input.close();
			throw ex;
		}
	}

	private static AVFormatContext openContext(LiveSource source, String url, Duration ioTimeout, IntPointer token)
			throws MediaFailure {
		AVFormatContext in = avformat_alloc_context();
		AVIOInterruptCB interrupt = in.interrupt_callback();
		interrupt.callback(INTERRUPTER);
		interrupt.opaque(token);
		AVDictionary options = new AVDictionary(null);
		av_dict_set(options, "rtsp_transport", (source.transport() == LiveSource.Transport.UDP) ? "udp" : "tcp", 0);
		av_dict_set(options, "timeout", Long.toString(ioTimeout.toNanos() / 1000), 0);
		av_dict_set(options, "protocol_whitelist", ALLOWED_PROTOCOLS, 0);
		av_dict_set(options, "allowed_media_types", "video+audio", 0);
		// Only the RTSP demuxer parses the address: no probing of what the URL might be.
		AVInputFormat rtsp = av_find_input_format("rtsp");
		int result = avformat_open_input(in, url, rtsp, options);
		av_dict_free(options);
		if (result < 0) {
			// FFmpeg has freed the context.
			log.info("camera {}: FFmpeg cannot open it: {}", source.cameraId(), FfmpegMessages.describe(result));
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

	/** The opened input: its streams, as the RTSP session description names them. */
	AVFormatContext context() {
		return this.context;
	}

	/** Gives the camera the stall timeout, from now, to send its next packet. */
	void watchForStalls() {
		deadline(this.stallTimeout);
	}

	/**
	 * Reads the next packet and restarts the stall timeout.
	 * @return {@code false} when the session asked to stop while this waited
	 * @throws MediaFailure (transient) when the camera sent nothing for the stall
	 * timeout, ended the stream or was lost
	 */
	boolean read(AVPacket packet) throws MediaFailure {
		int result = av_read_frame(this.context, packet);
		if (result < 0) {
			if (this.session.stopRequested()) {
				return false;
			}
			if (result == AVERROR_EXIT) {
				throw MediaFailure.transientFailure(
						"the camera sent nothing for " + this.stallTimeout.toSeconds() + " s; reconnecting");
			}
			if (result == AVERROR_EOF) {
				throw MediaFailure.transientFailure("the camera ended the stream");
			}
			throw MediaFailure.transientFailure("lost the camera: " + FfmpegMessages.describe(result));
		}
		watchForStalls();
		return true;
	}

	private void deadline(Duration fromNow) {
		this.deadline = System.nanoTime() + fromNow.toNanos();
	}

	private boolean interrupted() {
		return this.session.stopRequested() || System.nanoTime() - this.deadline > 0;
	}

	@Override
	public void close() {
		OPEN.remove(this.token.address());
		if (this.context != null) {
			avformat_close_input(this.context);
			this.context = null;
		}
		this.token.close();
	}

	private static final class Interrupter extends AVIOInterruptCB.Callback_Pointer {

		@Override
		public int call(Pointer opaque) {
			RtspInput input = (opaque != null) ? OPEN.get(opaque.address()) : null;
			return (input == null || input.interrupted()) ? 1 : 0;
		}

	}

}
