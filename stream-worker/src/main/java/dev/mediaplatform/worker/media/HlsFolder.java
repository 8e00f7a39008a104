package dev.mediaplatform.worker.media;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.mediaplatform.storagelayout.StorageNames;

/**
 * One camera's live folder in Low-Latency HLS: the playlist players read
 * ({@code index.m3u8}, replaced atomically after every part), each run's initialization
 * segment ({@code <run>-init.mp4}), the partial segments ({@code <run>-<n>-<k>.m4s},
 * about 200 ms each, listed as soon as they are written) and the whole segments
 * ({@code <run>-<n>.m4s}, the parts joined, for players without LL support). Every file
 * appears whole, under a name that never returns with other content. Continues the
 * playlist of a run that was cut off (here or on a worker that died), or starts afresh
 * after a stop, and ends a playlist. Files leave a while after the playlist stops naming
 * them, for players that read an older playlist.
 */
public final class HlsFolder {

	private static final String INIT_SUFFIX = "-init.mp4";

	private static final String SEGMENT_SUFFIX = ".m4s";

	/** Segments at the live edge whose parts the playlist lists. */
	static final int SEGMENTS_WITH_PARTS = 2;

	private final Path folder;

	private final Keeping keeping;

	private final int playlistSize;

	private final double partTarget;

	private LivePlaylist playlist;

	/** The run writing now: its prefix and initialization segment, or {@code null}. */
	private String run;

	private String map;

	/**
	 * The segment a cut-off run had in progress, to be completed from its parts when this
	 * run starts, or {@code null}.
	 */
	private LivePlaylist.Segment cut;

	/** Whether the next segment follows a cut (another run, another encoder). */
	private boolean discontinuity;

	/** When the next segment starts. */
	private Instant dateTime;

	private final List<LivePlaylist.Part> parts = new ArrayList<>();

	private final List<byte[]> partBytes = new ArrayList<>();

	/** Initialization segments the playlist refers to. */
	private final Set<String> initSegments = new HashSet<>();

	/** Files no longer listed, with the segments left before they are deleted. */
	private Map<String, Integer> retired = new LinkedHashMap<>();

	/**
	 * How long a file stays after it leaves the playlist, so that a player that read an
	 * older playlist still finds what it names (RFC 8216 6.2.2 asks for a playlist's
	 * duration).
	 *
	 * @param publications segments completed after it left
	 * @param lifetime the longest a file lives, from when it was written: a file left by
	 * an earlier run that is older goes at once
	 */
	public record Keeping(int publications, Duration lifetime) {
	}

	/**
	 * @param playlistSize complete segments listed
	 * @param partTarget the part duration aimed at, in seconds
	 */
	public HlsFolder(Path folder, Keeping keeping, int playlistSize, double partTarget) {
		this.folder = folder;
		this.keeping = keeping;
		this.playlistSize = playlistSize;
		this.partTarget = partTarget;
		this.playlist = new LivePlaylist(partTarget);
	}

	public Path path() {
		return this.folder;
	}

	Path playlist() {
		return this.folder.resolve(StorageNames.PLAYLIST);
	}

	/**
	 * Prepares the folder for a new run: continues a playlist that was cut off, after a
	 * discontinuity (the segment the cut run had in progress becomes a segment of its
	 * own, made of the parts it had written and listed, under this run's prefix, once
	 * this run has media), or starts afresh.
	 * @return whether the playlist is continued
	 */
	public boolean prepare() throws IOException {
		Files.createDirectories(this.folder);
		Optional<LivePlaylist.Continued> continued = WholeFiles.read(playlist())
			.flatMap((text) -> LivePlaylist.read(text, this.partTarget));
		if (continued.isEmpty()) {
			startAfresh();
			return false;
		}
		this.playlist = continued.get().playlist();
		Set<String> listed = new HashSet<>();
		for (LivePlaylist.Segment segment : this.playlist.segments()) {
			listed.add(segment.uri());
			listed.add(segment.map());
			this.initSegments.add(segment.map());
			segment.parts().forEach((part) -> listed.add(part.uri()));
		}
		this.cut = continued.get().cut();
		if (this.cut != null) {
			this.cut.parts().forEach((part) -> listed.add(part.uri()));
		}
		retireLeftOvers(listed);
		this.discontinuity = true;
		return true;
	}

	/**
	 * Makes the segment a cut-off run had in progress out of the parts it had written and
	 * listed, so that players who played them find them in the segment of that number.
	 */
	private void completeCut(LivePlaylist.Segment cut) throws IOException {
		List<byte[]> bytes = new ArrayList<>();
		for (LivePlaylist.Part part : cut.parts()) {
			Path file = this.folder.resolve(part.uri());
			if (!Files.isRegularFile(file)) {
				// Gone (a cleaner was quicker): the parts are simply no longer listed.
				retire(cut.parts().stream().map(LivePlaylist.Part::uri).toList());
				return;
			}
			bytes.add(Files.readAllBytes(file));
		}
		// Named by this run: the cut run writes nothing after it was cut off, and the
		// fault suite holds it to that by its file names.
		String uri = runName() + "-" + cut.sequence() + SEGMENT_SUFFIX;
		WholeFiles.write(this.folder.resolve(uri), bytes);
		retire(this.playlist.add(new LivePlaylist.Segment(cut.sequence(), uri, cut.seconds(), cut.discontinuity(),
				cut.map(), cut.dateTime(), cut.parts()), this.playlistSize, SEGMENTS_WITH_PARTS));
	}

	/**
	 * Deletes what a run that was cut off left half-written or long ago; what it had
	 * stopped listing but not deleted yet stays its time, as it would have had the run
	 * gone on.
	 */
	private void retireLeftOvers(Set<String> listed) throws IOException {
		Instant oldest = Instant.now().minus(this.keeping.lifetime());
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.folder)) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				if (name.equals(StorageNames.PLAYLIST) || listed.contains(name)) {
					continue;
				}
				if (name.endsWith(".tmp") || Files.getLastModifiedTime(file).toInstant().isBefore(oldest)) {
					Files.deleteIfExists(file);
				}
				else {
					this.retired.put(name, this.keeping.publications());
				}
			}
		}
	}

	/** Deletes everything, for a playlist that cannot be continued. */
	private void startAfresh() throws IOException {
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.folder)) {
			for (Path file : files) {
				Files.deleteIfExists(file);
			}
		}
		this.playlist = new LivePlaylist(this.partTarget);
		this.initSegments.clear();
		this.retired = new LinkedHashMap<>();
		this.discontinuity = false;
	}

	/**
	 * Starts a run (a connection to the camera): its own file prefix, so that a name
	 * never comes back with other content, and its initialization segment.
	 * @param init the {@code ftyp} and {@code moov} of the run's fragmented MP4
	 * @param start the wall-clock time of the run's first frame
	 */
	public void startRun(byte[] init, Instant start) throws IOException {
		this.map = runName() + INIT_SUFFIX;
		WholeFiles.write(this.folder.resolve(this.map), List.of(init));
		if (this.cut != null) {
			// Only now, with this run's first media about to be listed: until then the
			// playlist shows nothing new.
			completeCut(this.cut);
			this.cut = null;
		}
		this.initSegments.add(this.map);
		this.dateTime = start.truncatedTo(ChronoUnit.MILLIS);
		this.parts.clear();
		this.partBytes.clear();
	}

	/** This run's file prefix, made once: a name no run of this playlist used. */
	private String runName() {
		if (this.run == null) {
			long millis = System.currentTimeMillis();
			while (this.initSegments.contains(Long.toString(millis, 36) + INIT_SUFFIX)) {
				millis++;
			}
			this.run = Long.toString(millis, 36);
		}
		return this.run;
	}

	/**
	 * Adds a partial segment to the segment in progress and publishes the playlist.
	 * @param fragment one {@code moof} and {@code mdat}
	 * @param seconds its duration
	 * @param independent whether it starts with a keyframe
	 */
	public void part(byte[] fragment, double seconds, boolean independent) throws IOException {
		if (this.run == null) {
			throw new IllegalStateException("no run started");
		}
		String uri = this.run + "-" + this.playlist.next() + "-" + this.parts.size() + SEGMENT_SUFFIX;
		WholeFiles.write(this.folder.resolve(uri), List.of(fragment));
		LivePlaylist.Part part = new LivePlaylist.Part(uri, seconds, independent);
		this.playlist.covers(part);
		this.parts.add(part);
		this.partBytes.add(fragment);
		publish(false);
	}

	/** Completes the segment in progress from its parts and publishes the playlist. */
	public void endSegment() throws IOException {
		if (this.parts.isEmpty()) {
			return;
		}
		String uri = this.run + "-" + this.playlist.next() + SEGMENT_SUFFIX;
		WholeFiles.write(this.folder.resolve(uri), this.partBytes);
		double seconds = this.parts.stream().mapToDouble(LivePlaylist.Part::seconds).sum();
		LivePlaylist.Segment segment = new LivePlaylist.Segment(this.playlist.next(), uri, seconds, this.discontinuity,
				this.map, this.dateTime, List.copyOf(this.parts));
		this.discontinuity = false;
		this.dateTime = (this.dateTime != null) ? this.dateTime.plusNanos(Math.round(seconds * 1e9)) : null;
		this.parts.clear();
		this.partBytes.clear();
		List<String> gone = this.playlist.add(segment, this.playlistSize, SEGMENTS_WITH_PARTS);
		countDown();
		retire(gone);
		publish(false);
	}

	private void publish(boolean ended) throws IOException {
		LivePlaylist.Segment progress = this.parts.isEmpty() ? null : new LivePlaylist.Segment(this.playlist.next(),
				null, 0, this.discontinuity, this.map, this.dateTime, this.parts);
		String hint = (this.run != null)
				? this.run + "-" + this.playlist.next() + "-" + this.parts.size() + SEGMENT_SUFFIX : null;
		WholeFiles.replace(this.folder.resolve(StorageNames.PLAYLIST), this.playlist.render(progress, hint, ended));
	}

	/** Counts down the retired files and deletes those whose time is up. */
	private void countDown() throws IOException {
		Map<String, Integer> retiring = new LinkedHashMap<>();
		for (Map.Entry<String, Integer> old : this.retired.entrySet()) {
			if (old.getValue() <= 1) {
				Files.deleteIfExists(this.folder.resolve(old.getKey()));
			}
			else {
				retiring.put(old.getKey(), old.getValue() - 1);
			}
		}
		this.retired = retiring;
	}

	/**
	 * Retires what the playlist stopped listing, and the initialization segments no
	 * listed segment uses any more.
	 */
	private void retire(List<String> gone) {
		gone.forEach((name) -> this.retired.put(name, this.keeping.publications()));
		Set<String> used = new HashSet<>();
		this.playlist.segments().forEach((segment) -> used.add(segment.map()));
		if (this.map != null) {
			used.add(this.map);
		}
		for (String init : List.copyOf(this.initSegments)) {
			if (!used.contains(init)) {
				this.initSegments.remove(init);
				this.retired.put(init, this.keeping.publications());
			}
		}
	}

	/**
	 * Ends the run's segment in progress and marks the playlist as ended, so players stop
	 * waiting for more.
	 */
	public void end() throws IOException {
		endSegment();
		if (this.playlist.segments().isEmpty()) {
			endPlaylist(this.folder);
			return;
		}
		this.run = null;
		publish(true);
	}

	/**
	 * Marks a camera's playlist as ended, so players stop waiting for more: its preload
	 * hint goes, as nothing more comes.
	 * @param folder the camera's live folder
	 */
	public static void endPlaylist(Path folder) throws IOException {
		Optional<String> playlist = WholeFiles.read(folder.resolve(StorageNames.PLAYLIST));
		if (playlist.isEmpty() || playlist.get().contains(LivePlaylist.END)) {
			return;
		}
		StringBuilder text = new StringBuilder();
		playlist.get()
			.lines()
			.filter((line) -> !line.startsWith("#EXT-X-PRELOAD-HINT"))
			.forEach((line) -> text.append(line).append('\n'));
		WholeFiles.replace(folder.resolve(StorageNames.PLAYLIST),
				text.append(LivePlaylist.END).append('\n').toString());
	}

	/**
	 * The initialization segment of a segment or part ({@code <run>-<n>.m4s} and
	 * {@code <run>-<n>-<k>.m4s} have {@code <run>-init.mp4}), {@code null} for other
	 * names.
	 */
	public static String initSegmentOf(String segment) {
		if (!segment.endsWith(SEGMENT_SUFFIX)) {
			return null;
		}
		int dash = segment.indexOf('-');
		return (dash > 0) ? segment.substring(0, dash) + INIT_SUFFIX : null;
	}

}
