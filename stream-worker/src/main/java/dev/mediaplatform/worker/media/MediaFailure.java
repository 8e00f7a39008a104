package dev.mediaplatform.worker.media;

/**
 * Why a pipeline stopped delivering. A permanent failure needs a person (credentials,
 * codec, address); anything else is retried while the camera is wanted.
 */
public final class MediaFailure extends Exception {

	private final boolean permanent;

	private final boolean fenced;

	private MediaFailure(String message, boolean permanent) {
		this(message, permanent, false);
	}

	private MediaFailure(String message, boolean permanent, boolean fenced) {
		super(message, null, false, false);
		this.permanent = permanent;
		this.fenced = fenced;
	}

	public boolean permanent() {
		return this.permanent;
	}

	/**
	 * Whether another worker took the camera over: this run wrote nothing more, and its
	 * pipeline must neither retry nor report.
	 */
	public boolean fenced() {
		return this.fenced;
	}

	/** Another worker owns the camera's files now. */
	public static MediaFailure fenced(String reason) {
		return new MediaFailure(reason, false, true);
	}

	public static MediaFailure invalidSource(String reason) {
		return new MediaFailure(reason, true);
	}

	public static MediaFailure credentialsRefused() {
		return new MediaFailure("the camera refused the credentials (RTSP 401/403): "
				+ "update the camera URL with the right user and password", true);
	}

	/**
	 * The camera's address is refused by the address policy: a person must change the
	 * camera or the policy, so it is not retried.
	 */
	public static MediaFailure refusedAddress(String reason) {
		return new MediaFailure(reason, true);
	}

	/**
	 * The one reason for a camera that cannot be opened: nothing listens, the host cannot
	 * be reached or resolved, it timed out, or what answers does not speak RTSP. Users
	 * read it, so it must not tell a closed port from an open one that speaks something
	 * else, or a camera URL would map the network around the worker; the worker's log has
	 * FFmpeg's own words.
	 */
	public static MediaFailure unreachable() {
		return new MediaFailure("cannot reach an RTSP camera at this address (no answer, timed out, or not an RTSP"
				+ " server): check the host and port, and that the camera is on", false);
	}

	public static MediaFailure unsupported(String reason) {
		return new MediaFailure(reason, true);
	}

	public static MediaFailure transientFailure(String reason) {
		return new MediaFailure(reason, false);
	}

}
