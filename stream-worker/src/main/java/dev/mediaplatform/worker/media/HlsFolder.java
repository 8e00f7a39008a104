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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One camera's live folder: {@code index.m3u8} and its segments. Knows whether a playlist
 * can be continued (a pipeline that was cut off, here or on a worker that died) or must
 * start afresh (the stream had been stopped), and ends a playlist atomically.
 */
public final class HlsFolder {

	static final String PLAYLIST = "index.m3u8";

	private static final String END_TAG = "#EXT-X-ENDLIST";

	private static final String DISCONTINUITY = "#EXT-X-DISCONTINUITY";

	private static final String DISCONTINUITY_SEQUENCE = "#EXT-X-DISCONTINUITY-SEQUENCE:";

	private static final String MEDIA_SEQUENCE = "#EXT-X-MEDIA-SEQUENCE:";

	private final Path folder;

	/**
	 * Discontinuities that have left the playlist; FFmpeg's muxer does not count them.
	 */
	private long discontinuitySequence;

	/**
	 * The listed segments' sequence numbers, and whether a discontinuity precedes each.
	 */
	private Map<Long, Boolean> listed = Map.of();

	public HlsFolder(Path folder) {
		this.folder = folder;
	}

	public Path path() {
		return this.folder;
	}

	Path playlist() {
		return this.folder.resolve(PLAYLIST);
	}

	/**
	 * Prepares the folder for a new pipeline run.
	 * @return whether the existing playlist should be continued (with a discontinuity)
	 */
	public boolean prepare() throws IOException {
		Files.createDirectories(this.folder);
		Optional<String> playlist = read();
		boolean resume = playlist.isPresent() && !playlist.get().contains(END_TAG)
				&& playlist.get().contains("#EXTINF");
		this.discontinuitySequence = resume ? discontinuitySequenceOf(playlist.get()) : 0;
		this.listed = resume ? segmentsOf(playlist.get()) : Map.of();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.folder)) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				// Everything of an ended run; of one that was cut off, half-written files
				// and
				// segments that had left the playlist but were not deleted yet.
				if (!resume || name.endsWith(".tmp")
						|| (!name.equals(PLAYLIST) && !playlist.get().contains("\n" + name + "\n"))) {
					Files.deleteIfExists(file);
				}
			}
		}
		return resume;
	}

	/**
	 * Adds {@code #EXT-X-DISCONTINUITY-SEQUENCE}, which FFmpeg's muxer does not write:
	 * once a discontinuity has left the playlist, players need the count (RFC 8216,
	 * 4.3.3.3) to line up the segments that remain. Called on the muxer's thread right
	 * after it rewrote the playlist, so nothing writes it meanwhile.
	 */
	void annotate() throws IOException {
		Optional<String> playlist = read();
		if (playlist.isEmpty()) {
			return;
		}
		String text = playlist.get();
		Map<Long, Boolean> now = segmentsOf(text);
		long first = mediaSequenceOf(text);
		for (Map.Entry<Long, Boolean> segment : this.listed.entrySet()) {
			if (segment.getValue() && segment.getKey() < first && !now.containsKey(segment.getKey())) {
				this.discontinuitySequence++;
			}
		}
		this.listed = now;
		if (this.discontinuitySequence == 0 || text.contains(DISCONTINUITY_SEQUENCE)) {
			return;
		}
		int line = text.indexOf(MEDIA_SEQUENCE);
		if (line < 0) {
			return;
		}
		int end = text.indexOf('\n', line) + 1;
		replace(text.substring(0, end) + DISCONTINUITY_SEQUENCE + this.discontinuitySequence + "\n"
				+ text.substring(end));
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

	/** Marks the playlist as ended, so players stop waiting for more. */
	public void end() throws IOException {
		Optional<String> playlist = read();
		if (playlist.isEmpty() || playlist.get().contains(END_TAG)) {
			return;
		}
		String text = playlist.get();
		replace(text + (text.endsWith("\n") ? "" : "\n") + END_TAG + "\n");
	}

	/** Replaces the playlist atomically: a player reads the old or the new one, whole. */
	private void replace(String text) throws IOException {
		Path temp = this.folder.resolve(PLAYLIST + ".edit.tmp");
		Files.writeString(temp, text, StandardCharsets.UTF_8);
		try {
			Files.move(temp, playlist(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temp, playlist(), StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** When the playlist was last rewritten, if it exists. */
	Optional<Instant> lastWritten() {
		try {
			FileTime time = Files.getLastModifiedTime(playlist());
			return Optional.of(time.toInstant());
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private Optional<String> read() throws IOException {
		try {
			return Optional.of(Files.readString(playlist(), StandardCharsets.UTF_8));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
	}

}
