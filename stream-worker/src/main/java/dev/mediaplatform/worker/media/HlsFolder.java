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
import java.util.Optional;

/**
 * One camera's live folder: {@code index.m3u8} and its segments. Knows whether a playlist
 * can be continued (a pipeline that was cut off, here or on a worker that died) or must
 * start afresh (the stream had been stopped), and ends a playlist atomically.
 */
public final class HlsFolder {

	static final String PLAYLIST = "index.m3u8";

	private static final String END_TAG = "#EXT-X-ENDLIST";

	private final Path folder;

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

	/** Marks the playlist as ended, so players stop waiting for more. */
	public void end() throws IOException {
		Optional<String> playlist = read();
		if (playlist.isEmpty() || playlist.get().contains(END_TAG)) {
			return;
		}
		String text = playlist.get();
		Path temp = this.folder.resolve(PLAYLIST + ".end.tmp");
		Files.writeString(temp, text + (text.endsWith("\n") ? "" : "\n") + END_TAG + "\n", StandardCharsets.UTF_8);
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
