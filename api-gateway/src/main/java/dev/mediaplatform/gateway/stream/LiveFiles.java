package dev.mediaplatform.gateway.stream;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.http.MediaType;

/**
 * The files of live HLS on the shared storage: {@code live/{cameraId}/index.m3u8} and its
 * segments beside it. Both names are checked against what a stream worker writes before
 * any path is built, and the resolved path must still be a child of the camera's folder.
 */
final class LiveFiles {

	static final String PLAYLIST = "index.m3u8";

	static final MediaType MPEGURL = MediaType.parseMediaType("application/vnd.apple.mpegurl");

	static final MediaType MPEG_TS = MediaType.parseMediaType("video/mp2t");

	static final MediaType MP4 = MediaType.parseMediaType("video/mp4");

	private static final Pattern CAMERA_ID = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.(ts|m4s|mp4)");

	/**
	 * {@code <run>-<n>.ts|m4s} and {@code <run>-init.mp4}: a worker never writes another
	 * file under such a name, so it may be cached for good. Anything else may change.
	 */
	private static final Pattern NUMBERED_SEGMENT = Pattern
		.compile("[A-Za-z0-9_]+(-[A-Za-z0-9_]+)*-([0-9]+|init)\\.(ts|m4s|mp4)");

	private final Path live;

	LiveFiles(Path storageDir) {
		this.live = storageDir.toAbsolutePath().normalize().resolve("live");
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
		if (!isCameraId(cameraId)) {
			return Optional.empty();
		}
		boolean playlist = PLAYLIST.equals(name);
		if (!playlist && !SEGMENT.matcher(name).matches()) {
			return Optional.empty();
		}
		Path folder = this.live.resolve(cameraId);
		Path file = folder.resolve(name).normalize();
		if (!folder.equals(file.getParent())) {
			return Optional.empty();
		}
		return Optional.of(new LiveFile(file, typeOf(name), playlist, NUMBERED_SEGMENT.matcher(name).matches()));
	}

	static boolean isCameraId(String cameraId) {
		return CAMERA_ID.matcher(cameraId).matches();
	}

	private static MediaType typeOf(String name) {
		if (name.endsWith(".m3u8")) {
			return MPEGURL;
		}
		return name.endsWith(".ts") ? MPEG_TS : MP4;
	}

}
