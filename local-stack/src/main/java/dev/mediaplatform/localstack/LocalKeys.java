package dev.mediaplatform.localstack;

import java.nio.file.Path;

import dev.mediaplatform.streamurl.StreamUrlKey;

/**
 * Secrets that several local services share, created once in the data folder before any
 * of them starts: no two services can race to create different ones.
 */
final class LocalKeys {

	private LocalKeys() {
	}

	/**
	 * The key camera-service signs stream URLs with and the gateway checks them with
	 * ({@code STREAM_URL_KEY_FILE}), made as {@link StreamUrlKey} makes it: readable by
	 * its owner only. An existing key is kept, so that URLs handed out stay valid across
	 * restarts.
	 */
	static Path streamUrlKey(Path dataDir) {
		Path file = dataDir.resolve("keys").resolve("stream-url.key");
		try {
			StreamUrlKey.load(file, true);
			return file;
		}
		catch (IllegalStateException ex) {
			throw new StackException(ex.getMessage(), ex);
		}
	}

}
