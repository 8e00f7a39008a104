package dev.mediaplatform.worker.pipeline;

/**
 * What a camera should be doing, whoever asked: its source, whether live HLS and
 * recording are wanted, and how long its recordings are kept.
 *
 * @param cameraId the camera
 * @param generation grows at every change; an older one is ignored
 * @param sourceUrl the camera's address without credentials
 * @param credentials {@code user:password} sealed with the platform's credentials key, or
 * {@code null}
 * @param transport {@code tcp} or {@code udp}; {@code tcp} when {@code null}
 * @param streaming whether live HLS is wanted
 * @param recording whether recording is wanted
 * @param retention how long recordings are kept
 */
public record Desired(String cameraId, long generation, String sourceUrl, String credentials, String transport,
		boolean streaming, boolean recording, Retention retention) {

	/** Whether anything should run for the camera. */
	boolean running() {
		return this.streaming || this.recording;
	}

	/**
	 * @param maxAgeDays recordings older than this many days are deleted ({@code null}:
	 * no limit)
	 * @param maxBytes the camera's recordings never take more ({@code null}: no limit)
	 */
	public record Retention(Integer maxAgeDays, Long maxBytes) {

		public static final Retention UNLIMITED = new Retention(null, null);

	}

}
