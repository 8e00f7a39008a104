package dev.mediaplatform.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A camera's files on the shared storage, read as a player and an auditor would: the live
 * playlist players fetch, the run that wrote its newest segment, and what a run left.
 */
record LiveFiles(Path storage, String cameraId) {

	Path folder() {
		return this.storage.resolve("live").resolve(this.cameraId);
	}

	/** The playlist players get, empty while there is none. */
	String playlist() {
		try {
			return Files.readString(folder().resolve("index.m3u8"));
		}
		catch (NoSuchFileException ex) {
			return "";
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static List<String> segments(String playlist) {
		return playlist.lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).toList();
	}

	/** The run a segment belongs to: its name up to the last dash. */
	static String run(String segment) {
		int dash = segment.lastIndexOf('-');
		return (dash > 0) ? segment.substring(0, dash) : segment;
	}

	/** The run of the newest listed segment whose file is there, or {@code null}. */
	String playingRun() {
		List<String> segments = segments(playlist());
		if (segments.isEmpty()) {
			return null;
		}
		String last = segments.get(segments.size() - 1);
		return Files.exists(folder().resolve(last)) ? run(last) : null;
	}

	/** Every file of a run in the live folder, with its size. */
	Map<String, Long> filesOf(String run) {
		Map<String, Long> files = new TreeMap<>();
		try (Stream<Path> list = Files.list(folder())) {
			for (Path file : list.toList()) {
				String name = file.getFileName().toString();
				if (name.startsWith(run + "-")) {
					try {
						files.put(name, Files.size(file));
					}
					catch (NoSuchFileException ex) {
						// Deleted meanwhile: a segment that left the window.
					}
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return files;
	}

	/**
	 * The recording chunks that started before {@code beforeMillis}, with their sizes:
	 * what a worker that wrote before a fault left.
	 */
	Map<String, Long> chunksBefore(long beforeMillis) {
		Map<String, Long> chunks = new TreeMap<>();
		Path recordings = this.storage.resolve("recordings").resolve(this.cameraId);
		if (!Files.isDirectory(recordings)) {
			return chunks;
		}
		try (Stream<Path> walk = Files.walk(recordings)) {
			for (Path file : walk.filter((path) -> path.toString().endsWith(".mp4")).toList()) {
				String name = file.getFileName().toString();
				long start = Long.parseLong(name.substring(0, name.length() - ".mp4".length()));
				if (start < beforeMillis) {
					try {
						chunks.put(recordings.relativize(file).toString(), Files.size(file));
					}
					catch (NoSuchFileException ex) {
						// Deleted meanwhile.
					}
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return chunks;
	}

	/**
	 * Chunks whose writer left them open and nobody recovered, started before the time.
	 */
	long openMarkersBefore(long beforeMillis) {
		Path markers = this.storage.resolve("recordings").resolve(this.cameraId).resolve(".open");
		if (!Files.isDirectory(markers)) {
			return 0;
		}
		try (Stream<Path> list = Files.list(markers)) {
			return list.map((path) -> path.getFileName().toString())
				.filter((name) -> name.matches("[0-9]+") && Long.parseLong(name) < beforeMillis)
				.count();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
