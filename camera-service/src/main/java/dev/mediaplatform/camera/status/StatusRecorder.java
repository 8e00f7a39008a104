package dev.mediaplatform.camera.status;

import java.util.List;

import dev.mediaplatform.camera.camera.Camera;
import dev.mediaplatform.camera.camera.CameraChanged;
import dev.mediaplatform.camera.camera.CameraRepository;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/** Keeps the workers' latest report on each camera and tells its viewers. */
@Component
class StatusRecorder {

	private final CameraRepository cameras;

	private final ApplicationEventPublisher events;

	StatusRecorder(CameraRepository cameras, ApplicationEventPublisher events) {
		this.cameras = cameras;
		this.events = events;
	}

	/**
	 * Stores a worker's report unless an equal or newer one is stored; returns whether it
	 * changed anything.
	 */
	boolean observe(String cameraId, Camera.Status status) {
		for (int attempt = 0; attempt < 3; attempt++) {
			Camera camera = this.cameras.findById(cameraId).orElse(null);
			if (camera == null || camera.isDeleted() || !camera.observe(status)) {
				return false;
			}
			try {
				this.cameras.save(camera);
				this.events.publishEvent(new CameraChanged(cameraId, List.of()));
				return true;
			}
			catch (OptimisticLockingFailureException ex) {
				// Changed meanwhile: read it again and decide again.
			}
		}
		return false;
	}

}
