package dev.mediaplatform.camera.stream;

import java.time.Clock;

import dev.mediaplatform.camera.camera.Caller;
import dev.mediaplatform.camera.camera.CameraService;
import dev.mediaplatform.camera.camera.CameraView;
import dev.mediaplatform.camera.camera.Role;

import org.springframework.stereotype.Service;

/**
 * Starts and stops a camera's live stream and its recording (operators and the owner):
 * each is a new generation of the camera's desired state, for the workers.
 */
@Service
public class StreamService {

	private final CameraService cameras;

	private final Clock clock;

	StreamService(CameraService cameras, Clock clock) {
		this.cameras = cameras;
		this.clock = clock;
	}

	public CameraView startStream(Caller caller, String id) {
		this.cameras.change(caller, id, Role.OPERATOR,
				(camera) -> camera.desire(true, camera.isRecording(), this.clock.instant()));
		return this.cameras.announce(id, caller);
	}

	public CameraView stopStream(Caller caller, String id) {
		this.cameras.change(caller, id, Role.OPERATOR,
				(camera) -> camera.desire(false, camera.isRecording(), this.clock.instant()));
		return this.cameras.announce(id, caller);
	}

	/** Sets recording, or toggles it when {@code enabled} is {@code null}. */
	public CameraView record(Caller caller, String id, Boolean enabled) {
		this.cameras.change(caller, id, Role.OPERATOR, (camera) -> camera.desire(camera.isStreaming(),
				(enabled != null) ? enabled : !camera.isRecording(), this.clock.instant()));
		return this.cameras.announce(id, caller);
	}

}
