package dev.mediaplatform.worker.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.mediaplatform.storagelayout.StorageNames;

/**
 * One camera's live folder: the playlist players read ({@code index.m3u8}), the one
 * FFmpeg's muxer keeps ({@code muxer.m3u8}, never served), and the segments. The player's
 * playlist is made from the muxer's after every segment and replaced atomically, with
 * what the muxer leaves out: the discontinuity count, and for fMP4 an {@code #EXT-X-MAP}
 * per run, because every run (every reconnect) has its own initialization segment. Knows
 * whether a playlist can be continued (a pipeline that was cut off, here or on a worker
 * that died) or must start afresh (the stream had been stopped), and ends a playlist.
 */
public final class HlsFolder {

	static final String MUXER_PLAYLIST = "muxer.m3u8";

	private static final String END_TAG = "#EXT-X-ENDLIST";

	private static final String DISCONTINUITY = "#EXT-X-DISCONTINUITY";

	private static final String DISCONTINUITY_SEQUENCE = "#EXT-X-DISCONTINUITY-SEQUENCE:";

	private static final String MEDIA_SEQUENCE = "#EXT-X-MEDIA-SEQUENCE:";

	private static final String MAP = "#EXT-X-MAP:";

	private static final String INIT_SUFFIX = "-init.mp4";

	private final Path folder;

	/**
	 * Discontinuities that have left the playlist; FFmpeg's muxer does not count them.
	 */
	private long discontinuitySequence;

	/**
	 * The listed segments' sequence numbers, and whether a discontinuity precedes each.
	 */
	private Map<Long, Boolean> listed = Map.of();

	/** Initialization segments the last published playlist refers to. */
	private Set<String> initSegments = Set.of();

	/**
	 * Files no playlist refers to any more that the muxer does not delete, with the
	 * publications left before they are deleted: initialization segments whose run's last
	 * segment left, and the segments a run that was cut off had not deleted yet.
	 */
	private Map<String, Integer> retired = Map.of();

	private final Keeping keeping;

	/**
	 * How long a file stays after it leaves the playlist, so that a player that read an
	 * older playlist still finds what it names (RFC 8216 6.2.2 asks for a playlist's
	 * duration): the muxer keeps media segments as long ({@code hls_delete_threshold}).
	 *
	 * @param publications playlists published after it left
	 * @param lifetime the longest a file lives, from when it was written: a file left by
	 * an earlier run that is older goes at once
	 */
	public record Keeping(int publications, Duration lifetime) {
	}

	public HlsFolder(Path folder, Keeping keeping) {
		this.folder = folder;
		this.keeping = keeping;
	}

	public Keeping keeping() {
		return this.keeping;
	}

	public Path path() {
		return this.folder;
	}

	Path playlist() {
		return this.folder.resolve(StorageNames.PLAYLIST);
	}

	public Path muxerPlaylist() {
		return this.folder.resolve(MUXER_PLAYLIST);
	}

	/**
	 * The file names of a new run: a prefix of its own, so that a name never comes back
	 * with other content and players and caches may keep segments for good.
	 * @param fmp4 whether segments are fragmented MP4 (else MPEG-TS)
	 */
	public RunFiles newRun(boolean fmp4) {
		String run = Long.toString(System.currentTimeMillis(), 36);
		return new RunFiles(this.folder.resolve(run + "-%d" + (fmp4 ? ".m4s" : ".ts")).toString(),
				fmp4 ? run + INIT_SUFFIX : null);
	}

	/**
	 * One run's names.
	 *
	 * @param segmentPattern the segments' path, {@code %d} standing for the number
	 * @param initSegment the fMP4 initialization segment's name (in the folder), or
	 * {@code null} for MPEG-TS
	 */
	public record RunFiles(String segmentPattern, String initSegment) {
	}

	/**
	 * Prepares the folder for a new pipeline run.
	 * @return whether the existing playlist should be continued (with a discontinuity)
	 */
	public boolean prepare() throws IOException {
		Files.createDirectories(this.folder);
		Optional<String> published = read(playlist());
		Optional<String> muxer = read(muxerPlaylist());
		boolean resume = published.isPresent() && !published.get().contains(END_TAG)
				&& published.get().contains("#EXTINF") && muxer.isPresent() && muxer.get().contains("#EXTINF");
		if (!resume) {
			// Everything of an ended run.
			startAfresh();
			return false;
		}
		this.discontinuitySequence = discontinuitySequenceOf(published.get());
		this.listed = segmentsOf(muxer.get());
		this.initSegments = initSegmentsOf(published.get());
		Map<String, Integer> leftOver = new LinkedHashMap<>();
		Instant oldest = Instant.now().minus(this.keeping.lifetime());
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.folder)) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				if (name.equals(StorageNames.PLAYLIST) || name.equals(MUXER_PLAYLIST)
						|| listsFile(published.get(), name) || listsFile(muxer.get(), name)) {
					continue;
				}
				// Of a run that was cut off: half-written files go; files that had left
				// the playlists but were not deleted yet stay their time, for players a
				// playlist behind, as they would have had the run gone on.
				if (name.endsWith(".tmp") || Files.getLastModifiedTime(file).toInstant().isBefore(oldest)) {
					Files.deleteIfExists(file);
				}
				else {
					leftOver.put(name, this.keeping.publications());
				}
			}
		}
		this.retired = leftOver;
		return true;
	}

	/**
	 * Whether the playlist being continued has segments of this format: a playlist keeps
	 * one (an {@code #EXT-X-MAP} covers every segment after it).
	 */
	public boolean continuesWith(boolean fmp4) throws IOException {
		List<String> segments = read(muxerPlaylist()).map(HlsFolder::segmentNames).orElse(List.of());
		return !segments.isEmpty() && segments.get(segments.size() - 1).endsWith(fmp4 ? ".m4s" : ".ts");
	}

	/** Deletes everything, for a playlist that cannot be continued. */
	public void startAfresh() throws IOException {
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.folder)) {
			for (Path file : files) {
				Files.deleteIfExists(file);
			}
		}
		this.discontinuitySequence = 0;
		this.listed = Map.of();
		this.initSegments = Set.of();
		this.retired = Map.of();
	}

	private static boolean listsFile(String playlist, String name) {
		return playlist.contains("\n" + name + "\n") || playlist.contains("URI=\"" + name + "\"");
	}

	/**
	 * Publishes the muxer's playlist to players, adding what it leaves out:
	 * {@code #EXT-X-DISCONTINUITY-SEQUENCE}, because once a discontinuity has left the
	 * playlist players need the count (RFC 8216, 4.3.3.3) to line up the segments that
	 * remain; and for fMP4 segments the {@code #EXT-X-MAP} of each run's own
	 * initialization segment, where FFmpeg names only the current run's, once. Called on
	 * the muxer's thread right after it rewrote its playlist, so nothing writes it
	 * meanwhile.
	 */
	public void publish() throws IOException {
		Optional<String> muxer = read(muxerPlaylist());
		if (muxer.isEmpty()) {
			return;
		}
		String text = muxer.get();
		Map<Long, Boolean> now = segmentsOf(text);
		long first = mediaSequenceOf(text);
		for (Map.Entry<Long, Boolean> segment : this.listed.entrySet()) {
			if (segment.getValue() && segment.getKey() < first && !now.containsKey(segment.getKey())) {
				this.discontinuitySequence++;
			}
		}
		this.listed = now;
		String published = forPlayers(text, this.discontinuitySequence);
		replace(this.folder, published);
		retire(initSegmentsOf(published));
	}

	/** The player's playlist made from the muxer's. */
	static String forPlayers(String muxer, long discontinuitySequence) {
		StringBuilder out = new StringBuilder(muxer.length() + 128);
		StringBuilder tags = new StringBuilder();
		String lastInit = null;
		for (String line : muxer.lines().toList()) {
			if (line.startsWith(MAP)) {
				continue;
			}
			if (line.startsWith(MEDIA_SEQUENCE)) {
				out.append(line).append('\n');
				if (discontinuitySequence > 0) {
					out.append(DISCONTINUITY_SEQUENCE).append(discontinuitySequence).append('\n');
				}
			}
			else if (line.startsWith("#EXTINF") || (line.startsWith("#") && tags.length() > 0)
					|| line.equals(DISCONTINUITY)) {
				// A segment's own tags, up to its URI.
				tags.append(line).append('\n');
			}
			else if (!line.isBlank() && !line.startsWith("#")) {
				String init = initSegmentOf(line);
				if (init != null && !init.equals(lastInit)) {
					int at = tags.indexOf("#EXTINF");
					tags.insert(Math.max(at, 0), MAP + "URI=\"" + init + "\"\n");
					lastInit = init;
				}
				out.append(tags).append(line).append('\n');
				tags.setLength(0);
			}
			else {
				out.append(line).append('\n');
			}
		}
		return out.append(tags).toString();
	}

	/**
	 * The initialization segment of an fMP4 segment ({@code <run>-<n>.m4s} has
	 * {@code <run>-init.mp4}), {@code null} for other segments.
	 */
	public static String initSegmentOf(String segment) {
		int dash = segment.lastIndexOf('-');
		return (segment.endsWith(".m4s") && dash > 0) ? segment.substring(0, dash) + INIT_SUFFIX : null;
	}

	private static Set<String> initSegmentsOf(String playlist) {
		Set<String> inits = new LinkedHashSet<>();
		for (String segment : segmentNames(playlist)) {
			String init = initSegmentOf(segment);
			if (init != null) {
				inits.add(init);
			}
		}
		return inits;
	}

	/** The segment URIs of a playlist, in order. */
	private static List<String> segmentNames(String playlist) {
		return playlist.lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).toList();
	}

	/**
	 * Counts down the retired files, deletes those whose time is up, and retires the
	 * initialization segments the playlist no longer refers to.
	 */
	private void retire(Set<String> now) throws IOException {
		Map<String, Integer> retiring = new LinkedHashMap<>();
		for (Map.Entry<String, Integer> old : this.retired.entrySet()) {
			if (now.contains(old.getKey())) {
				continue;
			}
			if (old.getValue() <= 1) {
				Files.deleteIfExists(this.folder.resolve(old.getKey()));
			}
			else {
				retiring.put(old.getKey(), old.getValue() - 1);
			}
		}
		for (String left : this.initSegments) {
			if (!now.contains(left)) {
				retiring.put(left, this.keeping.publications());
			}
		}
		this.retired = retiring;
		this.initSegments = now;
	}

	static long mediaSequenceOf(String playlist) {
		return playlist.lines()
			.filter((line) -> line.startsWith(MEDIA_SEQUENCE))
			.mapToLong((line) -> Long.parseLong(line.substring(MEDIA_SEQUENCE.length()).trim()))
			.findFirst()
			.orElse(0);
	}

	static long discontinuitySequenceOf(String playlist) {
		return playlist.lines()
			.filter((line) -> line.startsWith(DISCONTINUITY_SEQUENCE))
			.mapToLong((line) -> Long.parseLong(line.substring(DISCONTINUITY_SEQUENCE.length()).trim()))
			.findFirst()
			.orElse(0);
	}

	static Map<Long, Boolean> segmentsOf(String playlist) {
		Map<Long, Boolean> segments = new LinkedHashMap<>();
		long sequence = mediaSequenceOf(playlist);
		boolean discontinuity = false;
		for (String line : playlist.lines().toList()) {
			if (line.equals(DISCONTINUITY)) {
				discontinuity = true;
			}
			else if (!line.isBlank() && !line.startsWith("#")) {
				segments.put(sequence++, discontinuity);
				discontinuity = false;
			}
		}
		return segments;
	}

	/** Marks the player's playlist as ended, so players stop waiting for more. */
	public void end() throws IOException {
		endPlaylist(this.folder);
	}

	/**
	 * Marks a camera's playlist as ended, so players stop waiting for more.
	 * @param folder the camera's live folder
	 */
	public static void endPlaylist(Path folder) throws IOException {
		Optional<String> playlist = read(folder.resolve(StorageNames.PLAYLIST));
		if (playlist.isEmpty() || playlist.get().contains(END_TAG)) {
			return;
		}
		String text = playlist.get();
		replace(folder, text + (text.endsWith("\n") ? "" : "\n") + END_TAG + "\n");
	}

	/**
	 * Replaces the player's playlist in {@code folder} atomically: a player reads the old
	 * or the new one, whole.
	 */
	private static void replace(Path folder, String text) throws IOException {
		Path temp = folder.resolve(StorageNames.PLAYLIST + ".edit.tmp");
		Path playlist = folder.resolve(StorageNames.PLAYLIST);
		Files.writeString(temp, text, StandardCharsets.UTF_8);
		try {
			Files.move(temp, playlist, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temp, playlist, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** When the muxer last rewrote its playlist, if it exists. */
	public Optional<Instant> lastWritten() {
		try {
			FileTime time = Files.getLastModifiedTime(muxerPlaylist());
			return Optional.of(time.toInstant());
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static Optional<String> read(Path file) throws IOException {
		try {
			return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
	}

}
