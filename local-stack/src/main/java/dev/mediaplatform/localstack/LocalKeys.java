package dev.mediaplatform.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets that several local services share, created once in the data folder before any
 * of them starts: no two services can race to create different ones.
 */
final class LocalKeys {

	private LocalKeys() {
	}

	/**
	 * The key camera-service signs stream URLs with and the gateway checks them with
	 * ({@code STREAM_URL_KEY_FILE}): base64 of 32 random bytes, readable by its owner
	 * only. An existing key is kept, so that URLs handed out stay valid across restarts.
	 */
	static Path streamUrlKey(Path dataDir) {
		Path folder = dataDir.resolve("keys");
		Path file = folder.resolve("stream-url.key");
		if (Files.exists(file)) {
			return file;
		}
		try {
			Files.createDirectories(folder);
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			// Created rw------- on POSIX file systems, and complete before it has its
			// name.
			Path tmp = Files.createTempFile(folder, ".stream-url", ".tmp");
			try {
				Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
				Files.move(tmp, file);
			}
			catch (FileAlreadyExistsException ex) {
				// Created meanwhile: keep that one.
			}
			finally {
				Files.deleteIfExists(tmp);
			}
			restrict(file);
			return file;
		}
		catch (IOException ex) {
			throw new StackException("cannot create the stream URL key " + file + ": " + ex.getMessage(), ex);
		}
	}

	private static void restrict(Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system; the data folder's own permissions protect it.
		}
	}

}
