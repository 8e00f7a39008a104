package dev.mediaplatform.camera.camera;

import java.text.Normalizer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import dev.mediaplatform.camera.config.CameraProperties;
import dev.mediaplatform.camera.sharing.UserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Cameras and who may do what with them. Every change of desired state is written to
 * MongoDB first and then published to Kafka; what Kafka did not acknowledge is published
 * again by {@link #reconcile()}.
 */
@Service
public class CameraService {

	private static final Logger log = LoggerFactory.getLogger(CameraService.class);

	private final CameraRepository cameras;

	private final CredentialCipher cipher;

	private final CommandPublisher publisher;

	private final UserDirectory directory;

	private final ApplicationEventPublisher events;

	private final CameraProperties properties;

	private final Clock clock;

	CameraService(CameraRepository cameras, CredentialCipher cipher, CommandPublisher publisher,
			UserDirectory directory, ApplicationEventPublisher events, CameraProperties properties, Clock clock) {
		this.cameras = cameras;
		this.cipher = cipher;
		this.publisher = publisher;
		this.directory = directory;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	/** Sent after any change a viewer of the camera should hear about. */
	public record CameraChanged(String cameraId, List<String> removedUserIds) {
	}

	/** Sent once the owner deleted a camera: what is kept about it elsewhere goes too. */
	public record CameraDeleted(String cameraId) {
	}

	public List<CameraView> list(Caller caller) {
		return this.cameras.findAllVisibleTo(caller.id()).stream().map((camera) -> view(camera, caller)).toList();
	}

	public Page<CameraView> list(Caller caller, Pageable pageable) {
		return this.cameras.findVisibleTo(caller.id(), pageable).map((camera) -> view(camera, caller));
	}

	public CameraView get(Caller caller, String id) {
		Camera camera = visible(caller, id);
		return view(camera, caller);
	}

	/**
	 * The camera, when the caller may see it with at least the {@code needed} role: 404
	 * for a camera it may not see, 403 for a role too small.
	 */
	public Camera require(Caller caller, String id, Role needed) {
		return visible(caller, id, needed);
	}

	/** Whether a camera exists and is not being deleted; {@code id} need not be valid. */
	/**
	 * Whether this user still may watch the camera (owner or shared with, not deleted):
	 * what keeps a signed URL handed to them working.
	 */
	public boolean mayWatch(String cameraId, String userId) {
		return this.cameras.findById(cameraId)
			.filter((camera) -> !camera.isDeleted())
			.flatMap((camera) -> camera.roleOf(userId))
			.isPresent();
	}

	public boolean exists(String id) {
		return this.cameras.findById(id).filter((camera) -> !camera.isDeleted()).isPresent();
	}

	public List<CameraView.ShareView> shares(Caller caller, String id) {
		visible(caller, id, Role.OWNER);
		return get(caller, id).shares();
	}

	/**
	 * Every user who may see a camera, with that user's view of it (none once deleted),
	 * read once for pushes.
	 */
	public Map<String, CameraView> viewsByUser(String cameraId) {
		Map<String, CameraView> views = new LinkedHashMap<>();
		this.cameras.findById(cameraId).filter((camera) -> !camera.isDeleted()).ifPresent((camera) -> {
			views.put(camera.getOwnerId(), view(camera, new Caller(camera.getOwnerId(), null, null)));
			for (Camera.Share share : camera.getShares()) {
				views.put(share.userId(), view(camera, new Caller(share.userId(), null, null)));
			}
		});
		return views;
	}

	/**
	 * Adds a camera; {@code transport} is {@code tcp} or {@code udp} in any case, or
	 * {@code null} for tcp.
	 */
	public CameraView add(Caller caller, String name, String rtspUrl, String transport) {
		String checkedName = checkName(name);
		SourceUrl source = SourceUrl.parse(rtspUrl, this.properties.sources());
		Transport checkedTransport = Objects.requireNonNullElse(Transport.parse(transport), Transport.TCP);
		Camera camera = new Camera(caller.id(), caller.username(), checkedName, checkedTransport, this.clock.instant());
		camera.setSource(source.url(), encrypt(camera.getId(), source), this.clock.instant());
		this.cameras.save(camera);
		log.info("Camera {} added by {} ({}, {})", camera.getId(), caller.id(), source.url(), camera.getTransport());
		return publishAndView(camera.getId(), caller);
	}

	/** Changes what is given ({@code null} leaves a field as it is). */
	public CameraView update(Caller caller, String id, String name, String rtspUrl, String transport) {
		String checkedName = (name != null) ? checkName(name) : null;
		SourceUrl source = (rtspUrl != null) ? SourceUrl.parse(rtspUrl, this.properties.sources()) : null;
		Transport checkedTransport = Transport.parse(transport);
		change(caller, id, Role.OWNER, (camera) -> {
			if (checkedName != null) {
				camera.rename(checkedName, this.clock.instant());
			}
			if (source != null) {
				camera.setSource(source.url(), encrypt(camera.getId(), source), this.clock.instant());
			}
			if (checkedTransport != null) {
				camera.setTransport(checkedTransport, this.clock.instant());
			}
		});
		return publishAndView(id, caller);
	}

	public void delete(Caller caller, String id) {
		Camera camera = change(caller, id, Role.OWNER, (c) -> c.markDeleted(this.clock.instant()));
		List<String> audience = new java.util.ArrayList<>(
				camera.getShares().stream().map(Camera.Share::userId).toList());
		audience.add(camera.getOwnerId());
		publishPending(id);
		this.events.publishEvent(new CameraChanged(id, audience));
		this.events.publishEvent(new CameraDeleted(id));
		log.info("Camera {} deleted by {}", id, caller.id());
	}

	/**
	 * Removes every trace of a deleted account: the cameras it owned are deleted as their
	 * owner would delete them (streams stopped, recordings removed by the workers), and
	 * it leaves every camera shared with it. Applying it again changes nothing.
	 * @return how many cameras changed
	 */
	public int forgetAccount(String userId) {
		int changed = 0;
		for (Camera camera : this.cameras.findAllVisibleTo(userId)) {
			Caller owner = new Caller(camera.getOwnerId(), null, null);
			try {
				if (camera.getOwnerId().equals(userId)) {
					delete(owner, camera.getId());
				}
				else {
					unshare(owner, camera.getId(), userId);
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

	public CameraView startStream(Caller caller, String id) {
		change(caller, id, Role.OPERATOR, (camera) -> camera.desire(true, camera.isRecording(), this.clock.instant()));
		return publishAndView(id, caller);
	}

	public CameraView stopStream(Caller caller, String id) {
		change(caller, id, Role.OPERATOR, (camera) -> camera.desire(false, camera.isRecording(), this.clock.instant()));
		return publishAndView(id, caller);
	}

	/** Sets recording, or toggles it when {@code enabled} is {@code null}. */
	public CameraView record(Caller caller, String id, Boolean enabled) {
		change(caller, id, Role.OPERATOR, (camera) -> camera.desire(camera.isStreaming(),
				(enabled != null) ? enabled : !camera.isRecording(), this.clock.instant()));
		return publishAndView(id, caller);
	}

	/**
	 * Sets how long and how much of the camera's recordings its worker keeps
	 * ({@code null}: no limit); the caller checked the values. Answers the camera as
	 * stored.
	 */
	public Camera retain(Caller caller, String id, Integer maxAgeDays, Long maxBytes) {
		change(caller, id, Role.OWNER, (camera) -> camera.setRetention(maxAgeDays, maxBytes, this.clock.instant()));
		publishAndView(id, caller);
		return visible(caller, id, Role.OWNER);
	}

	public CameraView share(Caller caller, String id, String username, String roleName) {
		Role role = Role.forShare(roleName);
		if (username == null || username.isBlank()) {
			throw InvalidCameraInput.field("username", "is required");
		}
		visible(caller, id, Role.OWNER);
		UserDirectory.User user = this.directory.findByName(username.trim(), caller.token());
		if (user.id().equals(caller.id())) {
			throw InvalidCameraInput.field("username", "is the camera's owner");
		}
		change(caller, id, Role.OWNER,
				(camera) -> camera.share(user.id(), user.username(), role, this.clock.instant()));
		this.events.publishEvent(new CameraChanged(id, List.of()));
		return get(caller, id);
	}

	/** The owner removes a share, or a user gives up a camera shared with it. */
	public void unshare(Caller caller, String id, String userId) {
		Camera camera = visible(caller, id);
		boolean self = caller.id().equals(userId);
		if (!self && !camera.roleOf(caller.id()).map(Role::isOwner).orElse(false)) {
			throw NotAllowed.because("only the owner can remove someone else's access");
		}
		change(caller, id, self ? Role.VIEWER : Role.OWNER, (c) -> {
			if (!c.unshare(userId, this.clock.instant())) {
				throw CameraNotFound.forId(id + " share " + userId);
			}
		});
		this.events.publishEvent(new CameraChanged(id, List.of(userId)));
	}

	/**
	 * Stores a worker's report unless an equal or newer one is stored; returns whether it
	 * changed anything.
	 */
	public boolean observe(String cameraId, Camera.Status status) {
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

	/**
	 * Publishes what Kafka has not acknowledged yet; removes deleted cameras once their
	 * tombstone is out.
	 */
	@Scheduled(fixedDelayString = "${camera.topics.reconcile-interval:10s}")
	public void reconcile() {
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

	private CameraView publishAndView(String id, Caller caller) {
		publishPending(id);
		this.events.publishEvent(new CameraChanged(id, List.of()));
		return get(caller, id);
	}

	/**
	 * Applies a change as the given role at least, retrying when another writer got there
	 * first.
	 */
	private Camera change(Caller caller, String id, Role needed, Consumer<Camera> mutation) {
		for (int attempt = 0; attempt < 5; attempt++) {
			Camera camera = visible(caller, id, needed);
			mutation.accept(camera);
			try {
				return this.cameras.save(camera);
			}
			catch (OptimisticLockingFailureException ex) {
				// Somebody else changed the camera; apply the change to the new version.
			}
		}
		throw new IllegalStateException("camera " + id + " keeps changing; try again");
	}

	private Camera visible(Caller caller, String id) {
		return visible(caller, id, Role.VIEWER);
	}

	private Camera visible(Caller caller, String id, Role needed) {
		Camera camera = this.cameras.findById(CameraIds.require(id))
			.filter((c) -> !c.isDeleted())
			.orElseThrow(() -> CameraNotFound.forId(id));
		Role role = camera.roleOf(caller.id()).orElseThrow(() -> CameraNotFound.forId(id));
		if (needed == Role.OWNER && !role.isOwner()) {
			throw NotAllowed.because("only the camera's owner can do this");
		}
		if (needed == Role.OPERATOR && !role.canOperate()) {
			throw NotAllowed.because("a viewer cannot start, stop or record; ask the owner for the operator role");
		}
		return camera;
	}

	private CameraView view(Camera camera, Caller caller) {
		Role role = camera.roleOf(caller.id()).orElseThrow(() -> CameraNotFound.forId(camera.getId()));
		// Only the owner sees the user name; nobody else's view ever holds the
		// credentials.
		String credentials = (role.isOwner() && camera.getEncryptedCredentials() != null)
				? this.cipher.decrypt(camera.getId(), camera.getEncryptedCredentials()) : null;
		return CameraView.of(camera, role, new SourceUrl(camera.getSourceUrl(), credentials));
	}

	private String encrypt(String cameraId, SourceUrl source) {
		return (source.userInfo() != null) ? this.cipher.encrypt(cameraId, source.userInfo()) : null;
	}

	/**
	 * A camera's name as it is stored and shown: trimmed and in Unicode NFC, so that two
	 * names that look the same are the same; control, format (bidirectional overrides,
	 * zero-width characters), private-use, unassigned and separator characters other than
	 * the space are refused, as they let one name pass for another.
	 */
	static String checkName(String name) {
		if (name != null && name.codePoints().anyMatch(CameraService::invisible)) {
			throw InvalidCameraInput.field("name",
					"must not contain control or invisible characters (such as line breaks, direction overrides "
							+ "or zero-width spaces)");
		}
		String trimmed = (name != null) ? Normalizer.normalize(name.strip(), Normalizer.Form.NFC) : "";
		int length = trimmed.codePointCount(0, trimmed.length());
		if (length == 0 || length > 100) {
			throw InvalidCameraInput.field("name", "must be 1 to 100 characters");
		}
		return trimmed;
	}

	private static boolean invisible(int c) {
		return switch (Character.getType(c)) {
			case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE,
					Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
				true;
			case Character.SPACE_SEPARATOR -> c != ' ';
			default -> false;
		};
	}

}
