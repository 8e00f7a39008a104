package dev.mediaplatform.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folder chores of the local platform and its tests. */
public final class Folders {

	private Folders() {
	}

	/** Deletes a folder and everything in it; a folder that is not there is fine. */
	public static void deleteRecursively(Path folder) {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
		catch (IOException ex) {
			throw new StackException("cannot empty " + folder + ": " + ex.getMessage(), ex);
		}
	}

}
