package dev.mediaplatform.gateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.web.util.UriUtils;

/**
 * The web app as built into the gateway ({@code classpath:/web/}, the browser libraries
 * included), read once at startup and kept in memory: it is small, and it never changes
 * while the gateway runs.
 */
final class BundledFiles implements WebFiles {

	private static final Logger log = LoggerFactory.getLogger(BundledFiles.class);

	static final String ROOT = "classpath:/web/";

	private final Map<String, WebFile> files;

	private final String version;

	BundledFiles(SortedMap<String, byte[]> contents) {
		Map<String, WebFile> files = new TreeMap<>();
		contents.forEach((path, content) -> files.put(path, WebFile.of(path, content)));
		this.files = Map.copyOf(files);
		this.version = WebFiles.versionOf(contents);
	}

	static BundledFiles load(ClassLoader classLoader) {
		ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(classLoader);
		SortedMap<String, byte[]> contents = new TreeMap<>();
		try {
			Resource root = resolver.getResource(ROOT);
			if (!root.exists()) {
				log.warn("The gateway was built without its web UI ({} is missing): every page answers 404", ROOT);
				return new BundledFiles(contents);
			}
			String rootUrl = root.getURL().toString();
			for (Resource resource : resolver.getResources(ROOT + "**")) {
				String url = resource.getURL().toString();
				if (!resource.isReadable() || !url.startsWith(rootUrl) || url.endsWith("/")) {
					continue;
				}
				String path = UriUtils.decode(url.substring(rootUrl.length()), StandardCharsets.UTF_8);
				try (InputStream in = resource.getInputStream()) {
					contents.put(path, in.readAllBytes());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the web UI's files under " + ROOT, ex);
		}
		return new BundledFiles(contents);
	}

	@Override
	public Optional<WebFile> find(String path) {
		return Optional.ofNullable(this.files.get(path));
	}

	@Override
	public String version() {
		return this.version;
	}

	@Override
	public boolean editable() {
		return false;
	}

	int size() {
		return this.files.size();
	}

}
