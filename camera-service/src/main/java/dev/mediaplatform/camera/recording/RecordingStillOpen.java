package dev.mediaplatform.camera.recording;

/** 409: the recording is still being written; it can be deleted once it is closed. */
public final class RecordingStillOpen extends RuntimeException {

	private RecordingStillOpen(String message) {
		super(message);
	}

	public static RecordingStillOpen forId(String cameraId, long startMillis) {
		return new RecordingStillOpen("recording " + startMillis + " of camera " + cameraId
				+ " is still being written; it can be deleted once it is closed (about a minute)");
	}

}
