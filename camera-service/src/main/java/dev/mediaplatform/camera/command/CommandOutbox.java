package dev.mediaplatform.camera.command;

import dev.mediaplatform.camera.camera.Camera;
import dev.mediaplatform.camera.camera.CameraRepository;
import dev.mediaplatform.camera.camera.DesiredStateChanged;

import org.springframework.context.event.EventListener;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * MongoDB is the outbox of the commands topic: a camera whose desired state changed is
 * pending until Kafka acknowledged its generation. It is published as soon as it changed,
 * and what Kafka did not acknowledge is published again by {@link #reconcile()}. A
 * deleted camera's document goes once its tombstone is out.
 */
@Component
class CommandOutbox {

	private final CameraRepository cameras;

	private final CommandPublisher publisher;

	CommandOutbox(CameraRepository cameras, CommandPublisher publisher) {
		this.cameras = cameras;
		this.publisher = publisher;
	}

	/** Publishes the change before anybody hears of it, in the thread that made it. */
	@EventListener
	void onDesiredStateChanged(DesiredStateChanged change) {
		publishPending(change.cameraId());
	}

	/** Publishes what Kafka has not acknowledged yet. */
	@Scheduled(fixedDelayString = "${camera.topics.reconcile-interval:10s}")
	void reconcile() {
		for (Camera camera : this.cameras.findByPendingPublishTrue()) {
			publishPending(camera.getId());
		}
	}

	private void publishPending(String id) {
		Camera camera = this.cameras.findById(id).orElse(null);
		if (camera == null || !camera.isPendingPublish() || !this.publisher.publish(camera)) {
			return;
		}
		if (camera.isDeleted()) {
			this.cameras.deleteById(id);
			return;
		}
		if (camera.published(camera.getGeneration())) {
			try {
				this.cameras.save(camera);
			}
			catch (OptimisticLockingFailureException ex) {
				// A newer generation was written meanwhile; it is pending and will be
				// published.
			}
		}
	}

}
