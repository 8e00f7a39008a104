package dev.mediaplatform.camera.recording;

/**
 * 503: a deletion could not be handed to the workers (Kafka did not acknowledge it);
 * nothing was deleted, the user may try again.
 */
public final class RecordingDeletionUnavailable extends RuntimeException {

	private RecordingDeletionUnavailable(Throwable cause) {
		super("the recording cannot be deleted right now; try again shortly", cause);
	}

	public static RecordingDeletionUnavailable because(Throwable cause) {
		return new RecordingDeletionUnavailable(cause);
	}

}
