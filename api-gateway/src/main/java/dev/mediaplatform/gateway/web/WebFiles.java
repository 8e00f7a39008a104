package dev.mediaplatform.gateway.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Where the web app's files come from: the ones built into the gateway, or a directory
 * the app is being written in. Paths are relative to {@code web/} and already checked to
 * be plain ({@link WebUi}); an implementation never answers a file outside its root.
 */
sealed interface WebFiles permits BundledFiles, DirectoryFiles {

	/** The app's shell, answered for every page. */
	String SHELL = "index.html";

	/** The page answered to a navigation to no page. */
	String NOT_FOUND = "not-found.html";

	/** The browser libraries, fetched by the build. */
	String VENDOR = "vendor/";

	Optional<WebFile> find(String path);

	/**
	 * One version for the whole set, so that the app's modules can import each other by
	 * relative paths: a short digest of every file's path and content.
	 */
	String version();

	/** Whether the files may change while the gateway runs (then nothing is cached). */
	boolean editable();

	static String versionOf(SortedMap<String, byte[]> files) {
		MessageDigest digest = sha256();
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			byte[] path = file.getKey().getBytes(StandardCharsets.UTF_8);
			digest.update(ByteBuffer.allocate(8).putInt(path.length).putInt(file.getValue().length).array());
			digest.update(path);
			digest.update(file.getValue());
		}
		return hex(digest.digest(), 12);
	}

	static byte[] sha256(byte[] content) {
		return sha256().digest(content);
	}

	static String hex(byte[] digest, int length) {
		return HexFormat.of().formatHex(digest).substring(0, length);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

}
