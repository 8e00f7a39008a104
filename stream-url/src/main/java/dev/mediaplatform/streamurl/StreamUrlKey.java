package dev.mediaplatform.streamurl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit HMAC key that camera-service signs stream URLs with and the gateway
 * verifies them with, from a file both mount. The file holds the key in base64. It is
 * created only when allowed, and so that two services starting together on the same
 * folder end up with one key: the new key is written to a temporary file and published
 * under the final name by an operation that fails when the name exists, and the loser
 * reads the winner's key.
 */
public final class StreamUrlKey {

	/** The MAC the key is for. */
	public static final String ALGORITHM = "HmacSHA256";

	private static final int KEY_BYTES = 32;

	private StreamUrlKey() {
	}

	/**
	 * Reads the key.
	 * @param keyFile where it is ({@code STREAM_URL_KEY_FILE})
	 * @param generate whether a missing key may be created (local use)
	 * @return the key
	 * @throws IllegalStateException naming the file and how to make a key, when it is
	 * missing and may not be created, or unreadable, or not 256 bits
	 */
	public static SecretKey load(Path keyFile, boolean generate) {
		Path file = keyFile.toAbsolutePath();
		try {
			if (!Files.exists(file)) {
				if (!generate) {
					throw new IllegalStateException("no stream URL key at " + file
							+ ": mount the key there (STREAM_URL_KEY_FILE; create one with openssl rand -base64 32), "
							+ "or set STREAM_URL_KEY_GENERATE=true to create it (local use only)");
				}
				generate(file);
			}
			byte[] bytes = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
			if (bytes.length != KEY_BYTES) {
				throw new IllegalStateException(file + " (STREAM_URL_KEY_FILE) must hold a base64 256-bit key "
						+ "(openssl rand -base64 32), not " + bytes.length + " bytes");
			}
			return new SecretKeySpec(bytes, ALGORITHM);
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new IllegalStateException("cannot read the stream URL key " + file + " (STREAM_URL_KEY_FILE): "
					+ ex.getMessage() + "; create one with openssl rand -base64 32", ex);
		}
	}

	private static void generate(Path file) throws IOException {
		Files.createDirectories(file.getParent());
		byte[] key = new byte[KEY_BYTES];
		new SecureRandom().nextBytes(key);
		// Created owner-only (rw-------) on POSIX file systems.
		Path tmp = Files.createTempFile(file.getParent(), ".stream-url", ".tmp");
		try {
			Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
			publish(tmp, file);
		}
		catch (FileAlreadyExistsException ex) {
			// Another service created it first: everyone uses that one.
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	private static void publish(Path tmp, Path file) throws IOException {
		try {
			// link(2) creates the name atomically or fails because it exists; a move
			// checks and renames in two steps, in between which another creator can win.
			Files.createLink(file, tmp);
		}
		catch (FileAlreadyExistsException ex) {
			throw ex;
		}
		catch (UnsupportedOperationException | IOException ex) {
			// No hard link here (or it failed otherwise): a move,
			// which refuses a name that exists when it checks; a key
			// another creator publishes between its check and its
			// rename is replaced.
			Files.move(tmp, file);
		}
	}

}
