package dev.mediaplatform.gateway.stream;

import java.util.Optional;

import org.springframework.util.MultiValueMap;

/**
 * A blocking playlist reload (RFC 8216bis 6.2.5.2): a player asks for the playlist once
 * it holds segment {@code _HLS_msn} complete or, with {@code _HLS_part}, that part of it.
 * {@code _HLS_skip} is accepted and ignored: the playlists advertise no delta updates, so
 * a player asking for one gets the whole playlist, which the specification allows.
 *
 * @param msn the media sequence number of the segment waited for
 * @param part the part of it waited for, or {@code -1} for the whole segment
 */
record BlockingReload(long msn, int part) {

	static final String MSN = "_HLS_msn";

	static final String PART = "_HLS_part";

	/** Longer decimal numbers than this do not fit: refused, not wrapped. */
	private static final int LONGEST_MSN = 18;

	private static final int LONGEST_PART = 9;

	/**
	 * The reload a playlist request asks for, or empty when it is an ordinary one.
	 * @throws Invalid when the directives are not numbers or {@code _HLS_part} comes
	 * without {@code _HLS_msn}
	 */
	static Optional<BlockingReload> of(MultiValueMap<String, String> query) {
		String msn = query.getFirst(MSN);
		String part = query.getFirst(PART);
		if (msn == null) {
			if (part != null) {
				throw Invalid.because(PART + " needs " + MSN + ": the part of which segment?");
			}
			return Optional.empty();
		}
		return Optional.of(new BlockingReload(number(MSN, msn, LONGEST_MSN),
				(part != null) ? (int) number(PART, part, LONGEST_PART) : -1));
	}

	/**
	 * Whether this playlist answers the request: it holds what was asked for or later
	 * content, or the stream ended and nothing more will come.
	 */
	boolean satisfiedBy(LivePlaylistState playlist) {
		if (playlist.endList()) {
			return true;
		}
		return (this.part < 0) ? playlist.hasSegment(this.msn) : playlist.hasPart(this.msn, this.part);
	}

	/**
	 * Whether the request asks for more than the segment after the one in progress: such
	 * a request would wait out its bound for nothing, so it is refused at once (as
	 * bluenviron/gohlslib does; RFC 8216bis allows up to two segments ahead).
	 */
	boolean beyond(LivePlaylistState playlist) {
		return this.msn > playlist.nextMsn() + 1;
	}

	private static long number(String name, String value, int longest) {
		if (value.isEmpty() || value.length() > longest) {
			throw Invalid.because(name + " must be a decimal integer, 0 or more, of at most " + longest + " digits");
		}
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) < '0' || value.charAt(i) > '9') {
				throw Invalid.because(name + " must be a decimal integer, 0 or more");
			}
		}
		return Long.parseLong(value);
	}

	/** Directives that are not what RFC 8216bis defines: answered 400. */
	static final class Invalid extends IllegalArgumentException {

		private Invalid(String message) {
			super(message);
		}

		static Invalid because(String reason) {
			return new Invalid(reason);
		}

	}

}
