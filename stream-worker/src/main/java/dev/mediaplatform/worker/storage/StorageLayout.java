package dev.mediaplatform.worker.storage;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.UUID;

/**
 * Where everything a worker writes lives on the shared storage, in one place:
 * {@code live/{cameraId}/} for live HLS and
 * {@code recordings/{cameraId}/{yyyy}/{MM}/{dd}/{startMillis}.mp4} for recording chunks
 * (UTC date of the start), {@code leases/{cameraId}} for the lease that says which worker
 * may write a camera's files. Paths are made from camera ids and times only, never from
 * user text; a camera id is checked before it becomes part of a path.
 */
public final class StorageLayout {

	static final String LIVE = "live";

	static final String RECORDINGS = "recordings";

	static final String LEASES = "leases";

	/** Markers of chunks being written, one folder per camera: cheap to list. */
	static final String OPEN_MARKERS = ".open";

	static final String CHUNK_SUFFIX = ".mp4";

	static final String THUMBNAIL_SUFFIX = ".jpg";

	private final Path root;

	public StorageLayout(Path root) {
		this.root = root.toAbsolutePath().normalize();
	}

	public Path root() {
		return this.root;
	}

	/** The camera's live HLS folder. */
	public Path liveFolder(String cameraId) {
		return this.root.resolve(LIVE).resolve(requireCameraId(cameraId));
	}

	/** The live playlist, relative to the storage root, as status events name it. */
	public String livePlaylist(String cameraId) {
		return LIVE + "/" + requireCameraId(cameraId) + "/index.m3u8";
	}

	/** The file holding the lease on the camera's files: who may write them now. */
	public Path lease(String cameraId) {
		return this.root.resolve(LEASES).resolve(requireCameraId(cameraId));
	}

	/** All recordings, one folder per camera. */
	public Path recordingsRoot() {
		return this.root.resolve(RECORDINGS);
	}

	/** Everything recorded of one camera. */
	public Path recordingsFolder(String cameraId) {
		return recordingsRoot().resolve(requireCameraId(cameraId));
	}

	/** The chunk that starts at {@code startMillis}, relative to the storage root. */
	public String chunkPath(String cameraId, long startMillis) {
		ZonedDateTime start = Instant.ofEpochMilli(requireTime(startMillis)).atZone(ZoneOffset.UTC);
		return String.format(Locale.ROOT, "%s/%s/%04d/%02d/%02d/%d%s", RECORDINGS, requireCameraId(cameraId),
				start.getYear(), start.getMonthValue(), start.getDayOfMonth(), startMillis, CHUNK_SUFFIX);
	}

	/** The chunk file that starts at {@code startMillis}. */
	public Path chunk(String cameraId, long startMillis) {
		return this.root.resolve(chunkPath(cameraId, startMillis));
	}

	/** The chunk's thumbnail (its first keyframe), beside it. */
	public Path thumbnail(String cameraId, long startMillis) {
		Path chunk = chunk(cameraId, startMillis);
		return chunk.resolveSibling(startMillis + THUMBNAIL_SUFFIX);
	}

	/** The folder of the markers of chunks being written. */
	public Path openMarkers(String cameraId) {
		return recordingsFolder(cameraId).resolve(OPEN_MARKERS);
	}

	/** The marker saying that a chunk is being written and was not announced closed. */
	public Path openMarker(String cameraId, long startMillis) {
		return openMarkers(cameraId).resolve(Long.toString(requireTime(startMillis)));
	}

	/**
	 * The start of the chunk a file name stands for ({@code 1764496000123.mp4} or a
	 * marker {@code 1764496000123}), or -1 when it is not one.
	 */
	public static long startOf(String fileName) {
		String digits = fileName.endsWith(CHUNK_SUFFIX)
				? fileName.substring(0, fileName.length() - CHUNK_SUFFIX.length()) : fileName;
		if (digits.isEmpty() || digits.length() > 15 || !digits.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return -1;
		}
		return Long.parseLong(digits);
	}

	/** Whether {@code key} is a camera id: a UUID in its canonical lower-case form. */
	public static boolean isCameraId(String key) {
		if (key == null || key.length() != 36) {
			return false;
		}
		try {
			return UUID.fromString(key).toString().equals(key);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static String requireCameraId(String cameraId) {
		if (!isCameraId(cameraId)) {
			throw new IllegalArgumentException("not a camera id: " + cameraId);
		}
		return cameraId;
	}

	private static long requireTime(long startMillis) {
		if (startMillis < 0) {
			throw new IllegalArgumentException("not a chunk start: " + startMillis);
		}
		return startMillis;
	}

}
