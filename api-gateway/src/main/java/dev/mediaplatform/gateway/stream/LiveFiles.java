package dev.mediaplatform.gateway.stream;

import java.nio.file.Path;
import java.util.Optional;

import dev.mediaplatform.storagelayout.StorageNames;
import dev.mediaplatform.storagelayout.StoragePaths;

import org.springframework.http.MediaType;

/**
 * The files of live HLS on the shared storage, as the {@code storage-layout} module
 * places and names them: {@code live/{cameraId}/index.m3u8} and its segments beside it.
 * Both names are checked against what a stream worker writes before any path is built,
 * and the resolved path must still be a child of the camera's folder; this class adds
 * what the gateway serves them as.
 */
final class LiveFiles {

	static final MediaType MPEGURL = MediaType.parseMediaType("application/vnd.apple.mpegurl");

	static final MediaType MPEG_TS = MediaType.parseMediaType("video/mp2t");

	static final MediaType MP4 = MediaType.parseMediaType("video/mp4");

	private final StoragePaths paths;

	LiveFiles(Path storageDir) {
		this.paths = new StoragePaths(storageDir);
	}

	/**
	 * A playlist or segment file.
	 *
	 * @param path where it is, if it exists
	 * @param type its content type
	 * @param playlist whether it is the playlist (rewritten all the time)
	 * @param immutable whether its content never changes under this name
	 */
	record LiveFile(Path path, MediaType type, boolean playlist, boolean immutable) {
	}

	/** The file, when both names are what a worker writes; empty otherwise. */
	Optional<LiveFile> find(String cameraId, String name) {
		return this.paths.liveFile(cameraId, name)
			.map((file) -> new LiveFile(file, typeOf(name), StorageNames.PLAYLIST.equals(name),
					StorageNames.isNumberedSegment(name)));
	}

	static boolean isCameraId(String cameraId) {
		return StorageNames.isCameraId(cameraId);
	}

	private static MediaType typeOf(String name) {
		if (name.endsWith(".m3u8")) {
			return MPEGURL;
		}
		return name.endsWith(".ts") ? MPEG_TS : MP4;
	}

}
