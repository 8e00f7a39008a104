package dev.mediaplatform.gateway.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The web app read from a directory on every request, for its author to edit and reload
 * without rebuilding the gateway ({@code gateway.web.dir}). The browser libraries come
 * from the build when the directory has none. Only regular files whose real path is
 * inside the directory are read.
 */
final class DirectoryFiles implements WebFiles {

	private final Path root;

	private final BundledFiles bundled;

	private final String version;

	DirectoryFiles(Path dir, BundledFiles bundled) {
		if (!Files.isDirectory(dir)) {
			throw new IllegalStateException("gateway.web.dir (GATEWAY_WEB_DIR) " + dir.toAbsolutePath()
					+ " is not a directory; unset it to serve the web UI built into the gateway");
		}
		try {
			this.root = dir.toRealPath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.bundled = bundled;
		// Fixed at startup: the files are sent with "no-cache", so a changed file is
		// fetched again under the same version.
		this.version = WebFiles.versionOf(snapshot(this.root));
	}

	@Override
	public Optional<WebFile> find(String path) {
		Path file = this.root.resolve(path).normalize();
		try {
			if (file.startsWith(this.root) && Files.isRegularFile(file) && file.toRealPath().startsWith(this.root)) {
				return Optional.of(WebFile.of(path, Files.readAllBytes(file)));
			}
		}
		catch (IOException ex) {
			// Gone or unreadable between the check and the read: as if it were not there.
			return Optional.empty();
		}
		return path.startsWith(VENDOR) ? this.bundled.find(path) : Optional.empty();
	}

	@Override
	public String version() {
		return this.version;
	}

	@Override
	public boolean editable() {
		return true;
	}

	Path root() {
		return this.root;
	}

	private static SortedMap<String, byte[]> snapshot(Path root) {
		SortedMap<String, byte[]> contents = new TreeMap<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
				contents.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the web UI in " + root, ex);
		}
		return contents;
	}

}
