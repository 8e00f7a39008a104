package dev.mediaplatform.fmp4;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a chunk's {@code moov} declares: its tracks with their timescale, whether each is
 * the video, and the sample defaults of its fragments ({@code trex}); the video codec;
 * and a digest of the sample descriptions, which tells whether two chunks can share one
 * initialization.
 */
final class Initialization {

	/** Per track id. */
	private final Map<Integer, TrackBox> tracks = new HashMap<>();

	private String videoCodec;

	private int sampleDescriptions = 1;

	/**
	 * Adds what a {@code moov} payload declares.
	 * @throws IndexOutOfBoundsException when a box inside it lies about its size
	 */
	void read(ByteBuffer moov) {
		for (ByteBuffer trak : Boxes.children(moov, "trak")) {
			addTrack(trak);
		}
		ByteBuffer mvex = Boxes.child(moov, "mvex");
		if (mvex != null) {
			for (ByteBuffer trex : Boxes.children(mvex, "trex")) {
				TrackBox track = this.tracks.get(trex.getInt(trex.position() + 4));
				if (track != null) {
					track.defaultDuration = trex.getInt(trex.position() + 12) & 0xFFFFFFFFL;
					track.defaultFlags = trex.getInt(trex.position() + 20);
				}
			}
		}
	}

	private void addTrack(ByteBuffer trak) {
		TrackBox track = new TrackBox();
		ByteBuffer tkhd = Boxes.child(trak, "tkhd");
		if (tkhd != null) {
			int version = tkhd.get(tkhd.position()) & 0xFF;
			track.id = tkhd.getInt(tkhd.position() + ((version == 1) ? 20 : 12));
		}
		ByteBuffer mdia = Boxes.child(trak, "mdia");
		if (mdia != null) {
			ByteBuffer mdhd = Boxes.child(mdia, "mdhd");
			if (mdhd != null) {
				int version = mdhd.get(mdhd.position()) & 0xFF;
				track.timescale = mdhd.getInt(mdhd.position() + ((version == 1) ? 20 : 12)) & 0xFFFFFFFFL;
			}
			ByteBuffer hdlr = Boxes.child(mdia, "hdlr");
			if (hdlr != null) {
				byte[] handler = new byte[4];
				hdlr.get(hdlr.position() + 8, handler);
				track.video = "vide".equals(new String(handler, StandardCharsets.ISO_8859_1));
			}
			ByteBuffer stsd = Boxes.descend(mdia, "minf", "stbl", "stsd");
			if (stsd != null) {
				byte[] description = new byte[stsd.remaining()];
				stsd.get(stsd.position(), description);
				this.sampleDescriptions = 31 * this.sampleDescriptions + Arrays.hashCode(description);
			}
			if (track.video && stsd != null && stsd.remaining() >= 16) {
				byte[] entry = new byte[4];
				stsd.get(stsd.position() + 12, entry);
				this.videoCodec = new String(entry, StandardCharsets.ISO_8859_1);
			}
		}
		this.tracks.put(track.id, track);
	}

	/** The track of this id, or null. */
	TrackBox track(int id) {
		return this.tracks.get(id);
	}

	List<Mp4Index.Track> tracks() {
		return this.tracks.values()
			.stream()
			.map((track) -> new Mp4Index.Track(track.id, track.timescale, track.video))
			.toList();
	}

	String videoCodec() {
		return this.videoCodec;
	}

	int sampleDescriptions() {
		return this.sampleDescriptions;
	}

	/** A track as its {@code trak} and {@code trex} boxes declare it. */
	static final class TrackBox {

		int id;

		long timescale;

		boolean video;

		long defaultDuration;

		int defaultFlags;

	}

}
