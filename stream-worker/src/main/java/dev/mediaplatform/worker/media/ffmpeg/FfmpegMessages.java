package dev.mediaplatform.worker.media.ffmpeg;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

/**
 * What FFmpeg says: its log lines, forwarded to the worker's log with the credentials in
 * any URL masked, and its words for an error code.
 */
final class FfmpegMessages {

	/**
	 * FFmpeg's lines are logged under the engine's name: the one logger to turn to debug
	 * to read them.
	 */
	private static final Logger log = LoggerFactory.getLogger(FfmpegEngine.class);

	private static final Pattern USER_INFO = Pattern.compile("://[^/@\\s]+@");

	/**
	 * Referenced for as long as FFmpeg may call it, which is as long as this JVM runs.
	 */
	private static final Forwarder FORWARDER = new Forwarder();

	private FfmpegMessages() {
	}

	/** Has FFmpeg log its warnings and errors, and only those, to the worker's log. */
	static void forwardLog() {
		av_log_set_level(AV_LOG_WARNING);
		setLogCallback(FORWARDER);
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

	private static final class Forwarder extends LogCallback {

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
