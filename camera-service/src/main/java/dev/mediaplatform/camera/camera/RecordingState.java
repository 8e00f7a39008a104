package dev.mediaplatform.camera.camera;

import java.util.Locale;

/**
 * Whether a camera's recording runs, as its worker last reported: {@code ON} while chunks
 * are being written, {@code OFF}, {@code STARTING} (wanted, the worker is connecting and
 * no chunk is open yet), or {@code FAILED} (the status' recording error says why and what
 * to do).
 */
public enum RecordingState {

	ON, OFF, STARTING, FAILED;

	/**
	 * The state a worker reported; reports from workers that predate the field (or name a
	 * state this service does not know) are read from the {@code recording} flag alone.
	 */
	public static RecordingState reported(String state, boolean recording) {
		if (state != null) {
			try {
				return valueOf(state.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				// A newer worker's state: the flag still says whether chunks are written.
			}
		}
		return recording ? ON : OFF;
	}

}
