package dev.mediaplatform.fmp4;

import java.nio.ByteBuffer;

import dev.mediaplatform.fmp4.Initialization.TrackBox;

/**
 * When a fragment's video starts and how long it plays, and whether its first video
 * sample is a keyframe, read from its {@code moof}: the video track's {@code tfhd}
 * defaults, {@code tfdt} start and {@code trun} samples.
 *
 * @param startMillis when its video starts on the chunk's own timeline
 * @param durationMillis its video duration
 * @param keyframe whether its first video sample is a keyframe
 */
record FragmentTiming(long startMillis, long durationMillis, boolean keyframe) {

	/** What a fragment without readable video timing counts as: its bytes still count. */
	static final FragmentTiming NONE = new FragmentTiming(0, 0, false);

	private static final int SAMPLE_IS_NON_SYNC = 0x10000;

	/**
	 * The timing of a {@code moof} payload; {@link #NONE} for a box that lies about its
	 * sizes.
	 */
	static FragmentTiming of(ByteBuffer moof, Initialization init) {
		try {
			return videoTiming(moof, init);
		}
		catch (IndexOutOfBoundsException ex) {
			return NONE;
		}
	}

	private static FragmentTiming videoTiming(ByteBuffer moof, Initialization init) {
		for (ByteBuffer traf : Boxes.children(moof, "traf")) {
			ByteBuffer tfhd = Boxes.child(traf, "tfhd");
			if (tfhd == null) {
				continue;
			}
			int flags = tfhd.getInt(tfhd.position()) & 0xFFFFFF;
			TrackBox track = init.track(tfhd.getInt(tfhd.position() + 4));
			if (track == null || !track.video) {
				continue;
			}
			int at = tfhd.position() + 8;
			if ((flags & 0x01) != 0) {
				at += 8;
			}
			if ((flags & 0x02) != 0) {
				at += 4;
			}
			long defaultDuration = track.defaultDuration;
			int defaultFlags = track.defaultFlags;
			if ((flags & 0x08) != 0) {
				defaultDuration = tfhd.getInt(at) & 0xFFFFFFFFL;
				at += 4;
			}
			if ((flags & 0x10) != 0) {
				at += 4;
			}
			if ((flags & 0x20) != 0) {
				defaultFlags = tfhd.getInt(at);
			}
			long baseTime = 0;
			ByteBuffer tfdt = Boxes.child(traf, "tfdt");
			if (tfdt != null) {
				int version = tfdt.get(tfdt.position()) & 0xFF;
				baseTime = (version == 1) ? tfdt.getLong(tfdt.position() + 4)
						: tfdt.getInt(tfdt.position() + 4) & 0xFFFFFFFFL;
			}
			Samples samples = new Samples(defaultDuration, defaultFlags);
			for (ByteBuffer trun : Boxes.children(traf, "trun")) {
				samples.add(trun);
			}
			long millis = (track.timescale > 0) ? samples.ticks * 1000 / track.timescale : 0;
			long start = (track.timescale > 0) ? baseTime * 1000 / track.timescale : 0;
			return new FragmentTiming(start, millis, samples.keyframe != null && samples.keyframe);
		}
		return NONE;
	}

	/**
	 * The samples of a track's runs: their total duration and whether the first is a
	 * keyframe.
	 */
	private static final class Samples {

		private final long defaultDuration;

		private final int defaultFlags;

		private long ticks;

		private Boolean keyframe;

		Samples(long defaultDuration, int defaultFlags) {
			this.defaultDuration = defaultDuration;
			this.defaultFlags = defaultFlags;
		}

		/** Adds a {@code trun} payload's samples. */
		void add(ByteBuffer trun) {
			int runFlags = trun.getInt(trun.position()) & 0xFFFFFF;
			int count = trun.getInt(trun.position() + 4);
			int p = trun.position() + 8;
			if ((runFlags & 0x01) != 0) {
				p += 4;
			}
			Integer firstFlags = null;
			if ((runFlags & 0x04) != 0) {
				firstFlags = trun.getInt(p);
				p += 4;
			}
			for (int i = 0; i < count && p <= trun.limit(); i++) {
				long duration = this.defaultDuration;
				int sampleFlags = (i == 0 && firstFlags != null) ? firstFlags : this.defaultFlags;
				if ((runFlags & 0x100) != 0) {
					duration = trun.getInt(p) & 0xFFFFFFFFL;
					p += 4;
				}
				if ((runFlags & 0x200) != 0) {
					p += 4;
				}
				if ((runFlags & 0x400) != 0) {
					int own = trun.getInt(p);
					p += 4;
					if (!(i == 0 && firstFlags != null)) {
						sampleFlags = own;
					}
				}
				if ((runFlags & 0x800) != 0) {
					p += 4;
				}
				if (this.keyframe == null) {
					this.keyframe = (sampleFlags & SAMPLE_IS_NON_SYNC) == 0;
				}
				this.ticks += duration;
			}
		}

	}

}
