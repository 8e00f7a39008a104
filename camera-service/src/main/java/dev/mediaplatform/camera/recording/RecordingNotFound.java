package dev.mediaplatform.camera.recording;

/** 404: no such recording of this camera, or none in the range asked for. */
public final class RecordingNotFound extends RuntimeException {

	private RecordingNotFound(String message) {
		super(message);
	}

	public static RecordingNotFound forId(String cameraId, String recordingId) {
		String shown = (recordingId.length() > 32) ? recordingId.substring(0, 32) + "…" : recordingId;
		return new RecordingNotFound("camera " + cameraId + " has no recording " + shown);
	}

	public static RecordingNotFound signed() {
		return new RecordingNotFound("no recordings here: this URL has expired or is not valid; ask for a new one "
				+ "(the recordings list or timeline gives signed URLs)");
	}

	public static RecordingNotFound inRange() {
		return new RecordingNotFound("no recordings in this range");
	}

}
