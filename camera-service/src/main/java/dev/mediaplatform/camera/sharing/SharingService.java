package dev.mediaplatform.camera.sharing;

import java.time.Clock;
import java.util.List;

import dev.mediaplatform.camera.camera.Caller;
import dev.mediaplatform.camera.camera.Camera;
import dev.mediaplatform.camera.camera.CameraChanged;
import dev.mediaplatform.camera.camera.CameraNotFound;
import dev.mediaplatform.camera.camera.CameraService;
import dev.mediaplatform.camera.camera.CameraView;
import dev.mediaplatform.camera.camera.InvalidCameraInput;
import dev.mediaplatform.camera.camera.NotAllowed;
import dev.mediaplatform.camera.camera.Role;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Who a camera is shared with: the owner shares it with an account found by name, as a
 * viewer or an operator, and removes a share; a user gives up a camera shared with it.
 */
@Service
public class SharingService {

	private final CameraService cameras;

	private final UserDirectory directory;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	SharingService(CameraService cameras, UserDirectory directory, ApplicationEventPublisher events, Clock clock) {
		this.cameras = cameras;
		this.directory = directory;
		this.events = events;
		this.clock = clock;
	}

	public List<CameraView.ShareView> shares(Caller caller, String id) {
		this.cameras.require(caller, id, Role.OWNER);
		return this.cameras.get(caller, id).shares();
	}

	public CameraView share(Caller caller, String id, String username, String roleName) {
		Role role = Role.forShare(roleName);
		if (username == null || username.isBlank()) {
			throw InvalidCameraInput.field("username", "is required");
		}
		this.cameras.require(caller, id, Role.OWNER);
		UserDirectory.User user = this.directory.findByName(username.trim(), caller.token());
		if (user.id().equals(caller.id())) {
			throw InvalidCameraInput.field("username", "is the camera's owner");
		}
		this.cameras.change(caller, id, Role.OWNER,
				(camera) -> camera.share(user.id(), user.username(), role, this.clock.instant()));
		this.events.publishEvent(new CameraChanged(id, List.of()));
		return this.cameras.get(caller, id);
	}

	/** The owner removes a share, or a user gives up a camera shared with it. */
	public void unshare(Caller caller, String id, String userId) {
		Camera camera = this.cameras.require(caller, id, Role.VIEWER);
		boolean self = caller.id().equals(userId);
		if (!self && !camera.roleOf(caller.id()).map(Role::isOwner).orElse(false)) {
			throw NotAllowed.because("only the owner can remove someone else's access");
		}
		this.cameras.change(caller, id, self ? Role.VIEWER : Role.OWNER, (c) -> {
			if (!c.unshare(userId, this.clock.instant())) {
				throw CameraNotFound.forId(id + " share " + userId);
			}
		});
		this.events.publishEvent(new CameraChanged(id, List.of(userId)));
	}

}
