package dev.mediaplatform.camera.recording;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mediaplatform.camera.camera.Caller;
import dev.mediaplatform.camera.camera.Camera;
import dev.mediaplatform.camera.camera.CameraDeleted;
import dev.mediaplatform.camera.camera.CameraService;
import dev.mediaplatform.camera.camera.Role;
import dev.mediaplatform.camera.stream.StreamUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/**
 * A camera's recordings: the catalogue the workers' announcements build, and what users
 * do with it (list, timeline, playback playlist, delete, retention), with the camera's
 * access rules: viewers see and play, the owner deletes and sets the retention.
 */
@Service
class RecordingService {

	private static final Logger log = LoggerFactory.getLogger(RecordingService.class);

	/** What the list and the timeline show when no range is given. */
	static final Duration DEFAULT_RANGE = Duration.ofHours(24);

	/** The longest range the list and the timeline answer. */
	static final Duration LONGEST_RANGE = Duration.ofDays(31);

	/**
	 * The longest range one playback playlist covers: a day of one-second segments is
	 * already some 90,000 entries for the player to load (and reload, while it grows).
	 */
	static final Duration LONGEST_PLAYBACK = Duration.ofHours(24);

	/** Less recording than this in the last day says too little about a day's size. */
	private static final long LEAST_SAMPLE_MILLIS = Duration.ofMinutes(10).toMillis();

	private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

	/** A recording's id, or its file's name as GET and the playlists give it. */
	private static final Pattern RECORDING_ID = Pattern.compile("([0-9]{1,18})(?:\\.mp4)?");

	private final CameraService cameras;

	private final RecordingCatalogue catalogue;

	private final RecordingDeletions deletions;

	private final StreamUrls urls;

	private final Clock clock;

	RecordingService(CameraService cameras, RecordingCatalogue catalogue, RecordingDeletions deletions, StreamUrls urls,
			Clock clock) {
		this.cameras = cameras;
		this.catalogue = catalogue;
		this.deletions = deletions;
		this.urls = urls;
		this.clock = clock;
	}

	Page<RecordingView> list(Caller caller, String cameraId, String from, String to, Pageable pageable) {
		Camera camera = this.cameras.require(caller, cameraId, Role.VIEWER);
		TimeRange range = TimeRange.parse(from, to, this.clock.instant(), DEFAULT_RANGE, LONGEST_RANGE);
		String signed = this.urls.recordings(camera.getId(), caller.id());
		return this.catalogue.page(camera.getId(), range.fromMillis(), range.toMillis(), pageable)
			.map((chunk) -> RecordingView.of(chunk, signed));
	}

	TimelineView timeline(Caller caller, String cameraId, String from, String to) {
		Camera camera = this.cameras.require(caller, cameraId, Role.VIEWER);
		Instant now = this.clock.instant();
		TimeRange range = TimeRange.parse(from, to, now, DEFAULT_RANGE, LONGEST_RANGE);
		return TimelineView.of(camera.getId(), range,
				Timeline.spans(this.catalogue.chunks(camera.getId(), range.fromMillis(), range.toMillis()),
						range.fromMillis(), range.toMillis(), now.toEpochMilli()),
				this.urls.recordings(camera.getId(), caller.id()), LONGEST_PLAYBACK);
	}

	/**
	 * The playback playlist of {@code [from, to]}; without {@code to}, up to now and
	 * growing as the chunk being written is settled.
	 */
	String playlist(Caller caller, String cameraId, String from, String to) {
		return playlist(this.cameras.require(caller, cameraId, Role.VIEWER).getId(), from, to);
	}

	/**
	 * The playback playlist of a signed URL: the token says who it was handed to, and
	 * that user must still be allowed to watch, as the gateway decides for the files it
	 * names. Anything wrong with it is a 404 that does not say what.
	 */
	String signedPlaylist(String cameraId, String token, String from, String to) {
		if (!this.urls.recordingsGrantee(cameraId, token)
			.filter((grantee) -> this.cameras.mayWatch(cameraId, grantee))
			.isPresent()) {
			throw RecordingNotFound.signed();
		}
		return playlist(cameraId, from, to);
	}

	private String playlist(String cameraId, String from, String to) {
		TimeRange range = TimeRange.parse(from, to, this.clock.instant(), null, LONGEST_PLAYBACK);
		return PlaybackPlaylist
			.write(this.catalogue.playable(cameraId, range.fromMillis(), range.toMillis()), range.fromMillis(),
					range.toMillis(), !TimeRange.given(to))
			.orElseThrow(RecordingNotFound::inRange);
	}

	/**
	 * A recording's file or thumbnail that reached this service: the gateway serves every
	 * well-formed one from the storage, so what comes here names no recording. 404 (for
	 * the camera first, when the caller may not see it), where Spring MVC would have said
	 * that only DELETE is supported.
	 */
	void noSuchFile(Caller caller, String cameraId, String recordingId) {
		Camera camera = this.cameras.require(caller, cameraId, Role.VIEWER);
		throw RecordingNotFound.forId(camera.getId(), recordingId);
	}

	/**
	 * Deletes a complete recording: the workers are told first (and delete the file),
	 * then it leaves the catalogue; one being written is refused. {@code recordingId} may
	 * be the file's name ({@code <id>.mp4}), the form GET and the playlists use.
	 */
	void delete(Caller caller, String cameraId, String recordingId) {
		Camera camera = this.cameras.require(caller, cameraId, Role.OWNER);
		Matcher id = RECORDING_ID.matcher(recordingId);
		if (!id.matches()) {
			throw RecordingNotFound.forId(camera.getId(), recordingId);
		}
		Recording chunk = this.catalogue.find(camera.getId(), Long.parseLong(id.group(1)))
			.orElseThrow(() -> RecordingNotFound.forId(camera.getId(), recordingId));
		if (!chunk.complete()) {
			throw RecordingStillOpen.forId(camera.getId(), chunk.startMillis());
		}
		// Published before the entry goes: if the catalogue write failed, the worker's
		// DELETED would still remove it; the other way round the file would be orphaned.
		this.deletions.publish(camera.getId(), chunk.startMillis());
		this.catalogue.remove(camera.getId(), chunk.startMillis());
		log.info("Recording {} of camera {} deleted by {}", chunk.startMillis(), camera.getId(), caller.id());
	}

	RetentionView retention(Caller caller, String cameraId) {
		return retention(this.cameras.require(caller, cameraId, Role.VIEWER));
	}

	/**
	 * Sets how long and how much of the camera's recordings its worker keeps
	 * ({@code null}: no limit), a new generation of its desired state; answers the
	 * camera's retention as stored.
	 */
	RetentionView retain(Caller caller, String cameraId, RetentionRequest limits) {
		this.cameras.change(caller, cameraId, Role.OWNER,
				(camera) -> camera.setRetention(limits.maxAgeDays(), limits.maxBytes(), this.clock.instant()));
		this.cameras.announce(cameraId, caller);
		return retention(this.cameras.require(caller, cameraId, Role.OWNER));
	}

	/**
	 * Applies a worker's announcement, idempotently by camera and start: an
	 * {@code OPENED} is stored only when nothing is, a {@code PROGRESS} updates a chunk
	 * still open when it lists more segments, a {@code CLOSED} replaces anything, a
	 * {@code DELETED} removes. Announcements for cameras that are gone are dropped.
	 */
	void catalogue(RecordingEvent event) {
		RecordingEvent.Kind kind = event.kind();
		Recording chunk = (kind != RecordingEvent.Kind.DELETED) ? event.toRecording() : null;
		long start = event.start();
		if (!this.cameras.exists(event.camera())) {
			log.debug("Dropped {} of recording {} of camera {}, which does not exist (any more)", kind, start,
					event.camera());
			return;
		}
		switch (kind) {
			case OPENED -> this.catalogue.opened(chunk);
			case PROGRESS -> this.catalogue.progressed(chunk);
			case CLOSED -> this.catalogue.closed(chunk);
			case DELETED -> this.catalogue.remove(event.camera(), start);
		}
	}

	@EventListener
	void cameraDeleted(CameraDeleted deleted) {
		long removed = this.catalogue.removeCamera(deleted.cameraId());
		log.info("Camera {} deleted: {} recordings left the catalogue", deleted.cameraId(), removed);
	}

	private RetentionView retention(Camera camera) {
		RecordingCatalogue.Totals totals = this.catalogue.totals(camera.getId());
		RecordingCatalogue.Volume lastDay = this.catalogue.completeSince(camera.getId(),
				this.clock.millis() - DAY_MILLIS);
		Long bytesPerDay = (lastDay.millis() >= LEAST_SAMPLE_MILLIS) ? BigDecimal.valueOf(lastDay.bytes())
			.multiply(BigDecimal.valueOf(DAY_MILLIS))
			.divide(BigDecimal.valueOf(lastDay.millis()), 0, RoundingMode.HALF_UP)
			.longValueExact() : null;
		Long maxBytes = camera.getRetentionMaxBytes();
		Double daysThatFit = (maxBytes != null && bytesPerDay != null && bytesPerDay > 0) ? BigDecimal.valueOf(maxBytes)
			.divide(BigDecimal.valueOf(bytesPerDay), 1, RoundingMode.FLOOR)
			.doubleValue() : null;
		return new RetentionView(camera.getId(), camera.getRetentionMaxAgeDays(), maxBytes, totals.bytes(),
				totals.recordings(), instant(totals.oldest()), instant(totals.newest()), bytesPerDay, daysThatFit);
	}

	private static Instant instant(Long millis) {
		return (millis != null) ? Instant.ofEpochMilli(millis) : null;
	}

}
