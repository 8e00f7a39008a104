package dev.mediaplatform.camera.account;

import dev.mediaplatform.camera.camera.Caller;
import dev.mediaplatform.camera.camera.Camera;
import dev.mediaplatform.camera.camera.CameraNotFound;
import dev.mediaplatform.camera.camera.CameraService;
import dev.mediaplatform.camera.sharing.SharingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Removes every trace of a deleted account: the cameras it owned are deleted as their
 * owner would delete them (streams stopped, recordings removed by the workers), and it
 * leaves every camera shared with it. Applying it again changes nothing.
 */
@Component
class AccountCleanup {

	private static final Logger log = LoggerFactory.getLogger(AccountCleanup.class);

	private final CameraService cameras;

	private final SharingService sharing;

	AccountCleanup(CameraService cameras, SharingService sharing) {
		this.cameras = cameras;
		this.sharing = sharing;
	}

	/** Returns how many cameras changed. */
	int forget(String userId) {
		int changed = 0;
		for (Camera camera : this.cameras.visibleTo(userId)) {
			Caller owner = new Caller(camera.getOwnerId(), null, null);
			try {
				if (camera.getOwnerId().equals(userId)) {
					this.cameras.delete(owner, camera.getId());
				}
				else {
					this.sharing.unshare(owner, camera.getId(), userId);
				}
				changed++;
			}
			catch (CameraNotFound ex) {
				// Deleted or left meanwhile: nothing of the account remains there.
			}
		}
		if (changed > 0) {
			log.info("Account {} deleted: its cameras deleted and its shares removed ({} cameras changed)", userId,
					changed);
		}
		return changed;
	}

}
