package dev.mediaplatform.worker.media;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Files that appear whole: written beside their name and renamed into place, so that a
 * reader on any node (the gateway serving the shared storage) finds a file complete or
 * not at all.
 */
final class WholeFiles {

	private WholeFiles() {
	}

	/** Writes {@code content}, in order, as the file {@code to}. */
	static void write(Path to, List<byte[]> content) throws IOException {
		Path temp = to.resolveSibling(to.getFileName() + ".tmp");
		try (OutputStream out = Files.newOutputStream(temp)) {
			for (byte[] bytes : content) {
				out.write(bytes);
			}
		}
		move(temp, to);
	}

	/**
	 * Replaces the text file {@code to}: a reader reads the old or the new one, whole.
	 */
	static void replace(Path to, String text) throws IOException {
		Path temp = to.resolveSibling(to.getFileName() + ".edit.tmp");
		Files.writeString(temp, text, StandardCharsets.UTF_8);
		move(temp, to);
	}

	/** The text of a file, empty when there is none. */
	static Optional<String> read(Path file) throws IOException {
		try {
			return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

}
