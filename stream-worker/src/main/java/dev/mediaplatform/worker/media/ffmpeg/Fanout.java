package dev.mediaplatform.worker.media.ffmpeg;

import dev.mediaplatform.worker.media.HlsFolder;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One input, many outputs, on the pipeline's thread: packets are timed once
 * ({@link Timeline}) and handed to the recorder and to live HLS in turn, each getting the
 * packet as it came (an output rescales it to its own clock). Live HLS is opened and
 * ended as the session wants it, without a new connection to the camera; opened while the
 * camera records, it starts from the GOP held since the last keyframe.
 */
final class Fanout implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Fanout.class);

	private final Streams streams;

	private final MediaEngine.Outputs outputs;

	private final MediaEngine.Session session;

	private final FfmpegEngine.Settings settings;

	private final Timeline timeline = new Timeline();

	private final ChunkRecorder recorder;

	private HlsOutput live;

	/** While recording with live view off: where live view starts when switched on. */
	private final HeldGop held = new HeldGop();

	/**
	 * Whether ownership could not be confirmed: the outputs are then left as they are,
	 * not ended.
	 */
	private boolean abandoned;

	Fanout(Streams streams, MediaEngine.Outputs outputs, MediaEngine.Session session, FfmpegEngine.Settings settings)
			throws MediaFailure {
		this.streams = streams;
		this.outputs = outputs;
		this.session = session;
		this.settings = settings;
		this.recorder = (outputs.recordings() != null)
				? new ChunkRecorder(outputs.recordings(), streams, settings.chunkSeconds(), outputs.clock(), session)
				: null;
		follow();
	}

	/** Opens or ends live HLS as the session now wants. */
	void follow() throws MediaFailure {
		boolean wanted = this.session.liveWanted() && this.outputs.liveFolder() != null;
		if (wanted && this.live == null) {
			confirmOwner();
			this.live = new HlsOutput(
					this.streams, new HlsFolder(this.outputs.liveFolder(), this.settings.keeping(),
							this.settings.playlistSize(), this.settings.partSeconds()),
					this.settings, this::confirmOwner, this.outputs.clock());
			// A picture at once: the GOP the recording connection already holds.
			HlsOutput opened = this.live;
			opened.startsEarlier(this.held.spanMicros());
			this.held.replay((packet, target, from, key) -> opened.write(packet, target, from, key, this.session));
		}
		else if (!wanted && this.live != null) {
			confirmOwner();
			HlsOutput ending = this.live;
			this.live = null;
			ending.end();
		}
	}

	/** Hands a packet of output stream {@code target} on, timed; the caller keeps it. */
	void deliver(AVPacket packet, int target, AVRational from) throws MediaFailure {
		this.timeline.accept(packet, target, from, this::fanOut);
	}

	/**
	 * Every write to the camera's files comes after this; a run that may not write any
	 * more leaves its outputs as they are.
	 */
	private void confirmOwner() throws MediaFailure {
		try {
			this.session.confirmOwner();
		}
		catch (MediaFailure failure) {
			this.abandoned = true;
			throw failure;
		}
	}

	private void fanOut(AVPacket packet, int target, AVRational from, boolean key) throws MediaFailure {
		confirmOwner();
		long pts = packet.pts();
		long dts = packet.dts();
		long duration = packet.duration();
		int index = packet.stream_index();
		if (this.recorder != null) {
			this.recorder.write(packet, target, from, key);
			restore(packet, pts, dts, duration, index);
		}
		if (this.live != null) {
			this.live.write(packet, target, from, key, this.session);
			restore(packet, pts, dts, duration, index);
		}
		else if (this.recorder != null && this.outputs.liveFolder() != null) {
			this.held.hold(packet, target, from, key);
		}
	}

	/** Gives a packet back the fields an output changed, for the next output. */
	private static void restore(AVPacket packet, long pts, long dts, long duration, int index) {
		packet.pts(pts);
		packet.dts(dts);
		packet.duration(duration);
		packet.stream_index(index);
	}

	@Override
	public void close() {
		if (!this.abandoned && (this.recorder != null || this.live != null)) {
			try {
				// Ending writes trailers and playlists: only for an owner.
				confirmOwner();
			}
			catch (MediaFailure failure) {
				log.warn("{}: its outputs are left as they are", failure.getMessage());
			}
		}
		try {
			if (this.recorder != null) {
				if (this.abandoned) {
					this.recorder.abandon();
				}
				else {
					this.recorder.close();
				}
			}
		}
		finally {
			if (this.live != null) {
				if (this.abandoned) {
					this.live.abandon();
				}
				else {
					this.live.close();
				}
			}
			this.timeline.close();
			this.held.close();
		}
	}

}
