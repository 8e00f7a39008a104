package dev.mediaplatform.worker.media.ffmpeg;

import java.util.ArrayList;
import java.util.List;

import dev.mediaplatform.worker.media.MediaFailure;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

/**
 * The packets since the last video keyframe, timed, kept while the camera's connection is
 * open for recording and live view is off: live view switched on starts from them at once
 * instead of waiting up to a GOP for the next keyframe. Clones share the packets' data
 * (reference counted), so holding a GOP costs little; a GOP longer than
 * {@link #MAX_PACKETS} is not held.
 */
final class HeldGop implements AutoCloseable {

	private static final AVRational MICROSECONDS = av_make_q(1, AV_TIME_BASE);

	/** About ten seconds of 25 fps video with audio. */
	static final int MAX_PACKETS = 600;

	private final List<Held> packets = new ArrayList<>();

	private boolean overflowed;

	private record Held(AVPacket packet, int target, AVRational from, boolean key) {
	}

	/** Keeps a timed packet (a clone of it); a video keyframe starts the GOP afresh. */
	void hold(AVPacket packet, int target, AVRational from, boolean key) {
		if (target == 0 && key) {
			clear();
		}
		else if (this.packets.isEmpty() || this.overflowed) {
			// Nothing before the first keyframe is of use.
			return;
		}
		if (this.packets.size() >= MAX_PACKETS) {
			clear();
			this.overflowed = true;
			return;
		}
		AVPacket clone = av_packet_clone(packet);
		if (clone != null) {
			this.packets.add(new Held(clone, target, from, key));
		}
	}

	/**
	 * How long ago, in µs of video, the held GOP started: its newest video packet's time
	 * less its keyframe's; 0 when nothing is held.
	 */
	long spanMicros() {
		long first = Long.MIN_VALUE;
		long last = Long.MIN_VALUE;
		for (Held held : this.packets) {
			if (held.target() == 0) {
				long micros = av_rescale_q(held.packet().dts(), held.from(), MICROSECONDS);
				first = (first == Long.MIN_VALUE) ? micros : first;
				last = micros;
			}
		}
		return (first == Long.MIN_VALUE) ? 0 : Math.max(0, last - first);
	}

	/** Hands the held GOP, in order, to {@code next}, and lets it go. */
	void replay(Timeline.Next next) throws MediaFailure {
		try {
			for (Held held : this.packets) {
				next.accept(held.packet(), held.target(), held.from(), held.key());
			}
		}
		finally {
			clear();
		}
	}

	/** Lets the held packets go. */
	void clear() {
		for (Held held : this.packets) {
			av_packet_free(held.packet());
		}
		this.packets.clear();
		this.overflowed = false;
	}

	@Override
	public void close() {
		clear();
	}

}
