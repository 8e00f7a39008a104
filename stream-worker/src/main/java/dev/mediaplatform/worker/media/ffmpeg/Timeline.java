package dev.mediaplatform.worker.media.ffmpeg;

import dev.mediaplatform.worker.media.MediaFailure;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

/**
 * Times the input's packets once for every output: outputs start at a video keyframe
 * (RTSP often hands the first one over without a time: it is kept and dated from the next
 * packet, rather than waiting a whole GOP for the next keyframe), packets without any
 * time are dropped, a camera clock that jumps is absorbed, and decoding times always
 * increase.
 */
final class Timeline implements AutoCloseable {

	private final long[] lastDts = { Long.MIN_VALUE, Long.MIN_VALUE };

	private final long[] offset = { 0, 0 };

	private AVPacket untimedKey;

	private boolean started;

	void accept(AVPacket packet, int target, AVRational from, Next next) throws MediaFailure {
		boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
		boolean timed = packet.dts() != AV_NOPTS_VALUE || packet.pts() != AV_NOPTS_VALUE;
		if (!this.started) {
			if (target != 0) {
				return;
			}
			if (key && !timed) {
				if (this.untimedKey != null) {
					av_packet_free(this.untimedKey);
				}
				this.untimedKey = av_packet_clone(packet);
				return;
			}
			if (!key && (!timed || this.untimedKey == null)) {
				return;
			}
			if (!key) {
				AVPacket first = this.untimedKey;
				this.untimedKey = null;
				long following = (packet.dts() != AV_NOPTS_VALUE) ? packet.dts() : packet.pts();
				long before = following - ticks(from, 1, 25);
				first.dts(before);
				first.pts(before);
				try {
					pass(first, 0, from, true, next);
				}
				finally {
					av_packet_free(first);
				}
			}
		}
		if (timed) {
			pass(packet, target, from, key, next);
		}
	}

	private void pass(AVPacket packet, int target, AVRational from, boolean key, Next next) throws MediaFailure {
		this.started = true;
		long last = this.lastDts[target];
		long dts = ((packet.dts() != AV_NOPTS_VALUE) ? packet.dts() : packet.pts()) + this.offset[target];
		if (last != Long.MIN_VALUE && Math.abs(dts - last) > ticks(from, 5, 1)) {
			// The camera's clock jumped (it restarted its encoder, or its RTCP time
			// changed): carry on from where the stream was instead of stretching or
			// squashing segments and chunks.
			long step = ticks(from, 1, 50);
			this.offset[target] += last + step - dts;
			dts = last + step;
		}
		if (dts <= last) {
			dts = last + 1;
		}
		long pts = (packet.pts() != AV_NOPTS_VALUE) ? packet.pts() + this.offset[target] : dts;
		this.lastDts[target] = dts;
		packet.dts(dts);
		packet.pts(Math.max(pts, dts));
		next.accept(packet, target, from, key);
	}

	/** {@code seconds / per} seconds in a time base, at least one tick. */
	private static long ticks(AVRational base, long seconds, long per) {
		return Math.max(1, seconds * base.den() / (per * Math.max(1, base.num())));
	}

	@Override
	public void close() {
		if (this.untimedKey != null) {
			av_packet_free(this.untimedKey);
			this.untimedKey = null;
		}
	}

	@FunctionalInterface
	interface Next {

		void accept(AVPacket packet, int target, AVRational from, boolean key) throws MediaFailure;

	}

}
