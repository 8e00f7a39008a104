package dev.mediaplatform.gateway.web;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.MediaType;

/**
 * One file of the web app as it is sent: its path relative to {@code web/}, its bytes,
 * and the entity tag that names this content.
 *
 * @param path the path under {@code web/}, such as {@code app/main.js}
 * @param content the file's bytes
 * @param etag a strong entity tag of the content, quoted
 */
record WebFile(String path, byte[] content, String etag) {

	private static final MediaType JAVASCRIPT = new MediaType("text", "javascript", StandardCharsets.UTF_8);

	private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

	/** By extension; anything else is sent as bytes, never sniffed into a type. */
	private static final Map<String, MediaType> TYPES = Map.ofEntries(Map.entry("js", JAVASCRIPT),
			Map.entry("mjs", JAVASCRIPT), Map.entry("css", new MediaType("text", "css", StandardCharsets.UTF_8)),
			Map.entry("html", new MediaType("text", "html", StandardCharsets.UTF_8)),
			Map.entry("svg", MediaType.parseMediaType("image/svg+xml")), Map.entry("png", MediaType.IMAGE_PNG),
			Map.entry("jpg", MediaType.IMAGE_JPEG), Map.entry("webp", MediaType.parseMediaType("image/webp")),
			Map.entry("ico", MediaType.parseMediaType("image/x-icon")),
			Map.entry("woff2", MediaType.parseMediaType("font/woff2")),
			Map.entry("woff", MediaType.parseMediaType("font/woff")), Map.entry("json", MediaType.APPLICATION_JSON),
			Map.entry("map", MediaType.APPLICATION_JSON),
			Map.entry("webmanifest", MediaType.parseMediaType("application/manifest+json")), Map.entry("txt", TEXT));

	static WebFile of(String path, byte[] content) {
		return new WebFile(path, content, "\"" + WebFiles.hex(WebFiles.sha256(content), 16) + "\"");
	}

	MediaType type() {
		String name = this.path.substring(this.path.lastIndexOf('/') + 1);
		int dot = name.lastIndexOf('.');
		if (dot < 0) {
			// LICENSE, README and the like.
			return TEXT;
		}
		return TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), MediaType.APPLICATION_OCTET_STREAM);
	}

}
