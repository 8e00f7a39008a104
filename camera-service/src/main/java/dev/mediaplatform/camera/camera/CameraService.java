package dev.mediaplatform.camera.camera;

import java.text.Normalizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import dev.mediaplatform.camera.config.CameraProperties;
import dev.mediaplatform.credentials.CameraCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/**
 * Cameras and who may do what with them: what a user sees, adding, editing and deleting,
 * and the access check and the retried write every other feature's changes go through.
 * Every change of desired state is written to MongoDB first, then announced with
 * {@link DesiredStateChanged} (which has it published to the workers) and
 * {@link CameraChanged}.
 */
@Service
public class CameraService {

	private static final Logger log = LoggerFactory.getLogger(CameraService.class);

	private final CameraRepository cameras;

	private final CameraCredentials credentials;

	private final ApplicationEventPublisher events;

	private final CameraProperties properties;

	private final Clock clock;

	CameraService(CameraRepository cameras, CameraCredentials credentials, ApplicationEventPublisher events,
			CameraProperties properties, Clock clock) {
		this.cameras = cameras;
		this.credentials = credentials;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
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

	/** Whether a camera exists and is not being deleted; {@code id} need not be valid. */
	public boolean exists(String id) {
		return this.cameras.findById(id).filter((camera) -> !camera.isDeleted()).isPresent();
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

	/** The cameras a user owns or was given, deleted ones left out. */
	public List<Camera> visibleTo(String userId) {
		return this.cameras.findAllVisibleTo(userId);
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
		return announce(camera.getId(), caller);
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
		return announce(id, caller);
	}

	public void delete(Caller caller, String id) {
		Camera camera = change(caller, id, Role.OWNER, (c) -> c.markDeleted(this.clock.instant()));
		List<String> audience = new ArrayList<>(camera.getShares().stream().map(Camera.Share::userId).toList());
		audience.add(camera.getOwnerId());
		this.events.publishEvent(new DesiredStateChanged(id));
		this.events.publishEvent(new CameraChanged(id, audience));
		this.events.publishEvent(new CameraDeleted(id));
		log.info("Camera {} deleted by {}", id, caller.id());
	}

	/**
	 * Announces a change of the camera's desired state (and so has it published to the
	 * workers), then tells its viewers; answers the camera as the caller now sees it.
	 */
	public CameraView announce(String id, Caller caller) {
		this.events.publishEvent(new DesiredStateChanged(id));
		this.events.publishEvent(new CameraChanged(id, List.of()));
		return get(caller, id);
	}

	/**
	 * Applies a change as the given role at least, retrying when another writer got there
	 * first; the caller announces it.
	 */
	public Camera change(Caller caller, String id, Role needed, Consumer<Camera> mutation) {
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
				? this.credentials.open(camera.getId(), camera.getEncryptedCredentials()) : null;
		return CameraView.of(camera, role, new SourceUrl(camera.getSourceUrl(), credentials));
	}

	private String encrypt(String cameraId, SourceUrl source) {
		return (source.userInfo() != null) ? this.credentials.seal(cameraId, source.userInfo()) : null;
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
