package dev.mediaplatform.storagelayout;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Where everything lives on the shared storage:
 * <ul>
 * <li>{@code live/{cameraId}/index.m3u8} and its segments beside it, for live HLS;</li>
 * <li>{@code recordings/{cameraId}/{yyyy}/{MM}/{dd}/{startMillis}.mp4} for recording
 * chunks (the UTC date of the start), their thumbnails beside them
 * ({@code {startMillis}.jpg}), and {@code recordings/{cameraId}/.open/{startMillis}}
 * while a chunk is being written;</li>
 * <li>{@code leases/{cameraId}} for the lease that says which worker may write a camera's
 * files.</li>
 * </ul>
 * Paths are built from camera ids and times only, never from user text: a camera id is
 * checked before it becomes part of a path, and every name must resolve to a child of its
 * folder. The stream workers extend it with nothing but their own name for it.
 */
public class StoragePaths {

	private final Path root;

	public StoragePaths(Path root) {
		this.root = root.toAbsolutePath().normalize();
	}

	public Path root() {
		return this.root;
	}

	/**
	 * The camera's live HLS folder.
	 * @throws IllegalArgumentException when {@code cameraId} is not a camera id
	 */
	public Path liveFolder(String cameraId) {
		return child(this.root.resolve(StorageNames.LIVE), StorageNames.requireCameraId(cameraId));
	}

	/** The live playlist, relative to the storage root, as status events name it. */
	public String livePlaylist(String cameraId) {
		return StorageNames.LIVE + "/" + StorageNames.requireCameraId(cameraId) + "/" + StorageNames.PLAYLIST;
	}

	/**
	 * The playlist or a segment of the camera's live HLS, when both names are what a
	 * worker writes; empty otherwise.
	 */
	public Optional<Path> liveFile(String cameraId, String name) {
		if (!StorageNames.isCameraId(cameraId) || !StorageNames.isLiveFileName(name)) {
			return Optional.empty();
		}
		Path folder = liveFolder(cameraId);
		Path file = folder.resolve(name).normalize();
		return folder.equals(file.getParent()) ? Optional.of(file) : Optional.empty();
	}

	/** The file holding the lease on the camera's files: who may write them now. */
	public Path lease(String cameraId) {
		return child(this.root.resolve(StorageNames.LEASES), StorageNames.requireCameraId(cameraId));
	}

	/** All recordings, one folder per camera. */
	public Path recordingsRoot() {
		return this.root.resolve(StorageNames.RECORDINGS);
	}

	/** Everything recorded of one camera. */
	public Path recordingsFolder(String cameraId) {
		return child(recordingsRoot(), StorageNames.requireCameraId(cameraId));
	}

	/** The folder of the camera's chunks that start on a UTC day. */
	public Path dayFolder(String cameraId, LocalDate day) {
		Path folder = recordingsFolder(cameraId);
		for (String name : StorageNames.dayFolders(day)) {
			folder = child(folder, name);
		}
		return folder;
	}

	/** The chunk that starts at {@code startMillis}, relative to the storage root. */
	public String chunkPath(String cameraId, long startMillis) {
		String[] day = StorageNames.dayFolders(dayOf(startMillis));
		return String.join("/", StorageNames.RECORDINGS, StorageNames.requireCameraId(cameraId), day[0], day[1], day[2],
				StorageNames.chunkFileName(startMillis));
	}

	/** The chunk file that starts at {@code startMillis}. */
	public Path chunk(String cameraId, long startMillis) {
		return child(dayFolder(cameraId, dayOf(startMillis)), StorageNames.chunkFileName(startMillis));
	}

	/** The chunk's thumbnail (its first keyframe), beside it. */
	public Path thumbnail(String cameraId, long startMillis) {
		return child(dayFolder(cameraId, dayOf(startMillis)), StorageNames.thumbnailFileName(startMillis));
	}

	/** The folder of the markers of chunks being written. */
	public Path openMarkers(String cameraId) {
		return child(recordingsFolder(cameraId), StorageNames.OPEN_MARKERS);
	}

	/** The marker saying that a chunk is being written and was not announced closed. */
	public Path openMarker(String cameraId, long startMillis) {
		return child(openMarkers(cameraId), StorageNames.openMarkerName(startMillis));
	}

	private static LocalDate dayOf(long startMillis) {
		return LocalDate.ofInstant(Instant.ofEpochMilli(StorageNames.requireTime(startMillis)), ZoneOffset.UTC);
	}

	/**
	 * The file {@code name} in {@code folder}; a name that would lead anywhere else is
	 * refused, whatever checked it before.
	 */
	private static Path child(Path folder, String name) {
		Path file = folder.resolve(name).normalize();
		if (!folder.equals(file.getParent())) {
			throw new IllegalArgumentException("not a file name of " + folder + ": " + name);
		}
		return file;
	}

}
