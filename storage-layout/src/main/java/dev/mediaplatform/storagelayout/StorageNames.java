package dev.mediaplatform.storagelayout;

import java.time.LocalDate;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The names on the shared storage: its folders, and the rules a camera id and a file name
 * follow. The stream workers write by these rules and the gateway serves only what they
 * allow, so both read them from here: a name the gateway accepts is a name a worker
 * writes, and nothing else.
 */
public final class StorageNames {

	/** Live HLS, one folder per camera: {@code live/{cameraId}/}. */
	public static final String LIVE = "live";

	/** Recording chunks, one folder per camera: {@code recordings/{cameraId}/}. */
	public static final String RECORDINGS = "recordings";

	/**
	 * The leases saying which worker may write a camera's files:
	 * {@code leases/{cameraId}}.
	 */
	public static final String LEASES = "leases";

	/** Markers of chunks being written, one folder per camera: cheap to list. */
	public static final String OPEN_MARKERS = ".open";

	/** The live playlist players read, in the camera's live folder. */
	public static final String PLAYLIST = "index.m3u8";

	public static final String CHUNK_SUFFIX = ".mp4";

	public static final String THUMBNAIL_SUFFIX = ".jpg";

	/**
	 * A camera id as a regular expression: a UUID in its canonical lower-case form, as
	 * camera-service makes camera ids. The one statement of the rule: camera-service
	 * checks ids with it before a query, a topic key or a path, the gateway its page
	 * routes, the workers every command and deletion.
	 */
	public static final String CAMERA_ID_REGEX = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	private static final Pattern CAMERA_ID = Pattern.compile(CAMERA_ID_REGEX);

	/**
	 * Epoch milliseconds as a worker writes them: no sign, no leading zero, so that a
	 * chunk has one name.
	 */
	private static final Pattern CHUNK_ID = Pattern.compile("0|[1-9][0-9]{0,14}");

	/** Any file a worker may write beside the live playlist. */
	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]{1,64}\\.(ts|m4s|mp4)");

	/**
	 * {@code <run>-<n>.ts|m4s} and {@code <run>-init.mp4}: a worker never writes another
	 * file under such a name, so it may be cached for good. Anything else may change.
	 */
	private static final Pattern NUMBERED_SEGMENT = Pattern
		.compile("[A-Za-z0-9_]+(-[A-Za-z0-9_]+)*-([0-9]+|init)\\.(ts|m4s|mp4)");

	private StorageNames() {
	}

	/** Whether {@code key} is a camera id: a UUID in its canonical lower-case form. */
	public static boolean isCameraId(String key) {
		return key != null && CAMERA_ID.matcher(key).matches();
	}

	/**
	 * The start of the chunk a recording id names, when it is written the way a worker
	 * names chunks; empty otherwise.
	 */
	public static OptionalLong chunkId(String id) {
		return (id != null && CHUNK_ID.matcher(id).matches()) ? OptionalLong.of(Long.parseLong(id))
				: OptionalLong.empty();
	}

	/**
	 * The start of the chunk a file name stands for ({@code 1764496000123.mp4} or a
	 * marker {@code 1764496000123}), or -1 when it is not one.
	 */
	public static long startOf(String fileName) {
		String id = fileName.endsWith(CHUNK_SUFFIX) ? fileName.substring(0, fileName.length() - CHUNK_SUFFIX.length())
				: fileName;
		return chunkId(id).orElse(-1);
	}

	/** The file name of the chunk that starts at {@code startMillis}. */
	public static String chunkFileName(long startMillis) {
		return requireTime(startMillis) + CHUNK_SUFFIX;
	}

	/** The file name of the chunk's thumbnail, beside the chunk. */
	public static String thumbnailFileName(long startMillis) {
		return requireTime(startMillis) + THUMBNAIL_SUFFIX;
	}

	/** The name of the marker of a chunk being written, in {@link #OPEN_MARKERS}. */
	public static String openMarkerName(long startMillis) {
		return Long.toString(requireTime(startMillis));
	}

	/** The folders of one UTC day below a camera's recordings: {@code yyyy/MM/dd}. */
	static String[] dayFolders(LocalDate day) {
		return new String[] { String.format(Locale.ROOT, "%04d", day.getYear()),
				String.format(Locale.ROOT, "%02d", day.getMonthValue()),
				String.format(Locale.ROOT, "%02d", day.getDayOfMonth()) };
	}

	/**
	 * Whether a file in a camera's live folder may be served: the playlist or a segment.
	 */
	public static boolean isLiveFileName(String name) {
		return PLAYLIST.equals(name) || SEGMENT.matcher(name).matches();
	}

	/** Whether a live file's content never changes under its name. */
	public static boolean isNumberedSegment(String name) {
		return NUMBERED_SEGMENT.matcher(name).matches();
	}

	static String requireCameraId(String cameraId) {
		if (!isCameraId(cameraId)) {
			throw new IllegalArgumentException("not a camera id: " + cameraId);
		}
		return cameraId;
	}

	static long requireTime(long startMillis) {
		if (startMillis < 0) {
			throw new IllegalArgumentException("not a chunk start: " + startMillis);
		}
		return startMillis;
	}

}
