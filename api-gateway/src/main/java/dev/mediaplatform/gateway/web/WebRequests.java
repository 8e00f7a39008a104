package dev.mediaplatform.gateway.web;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.mediaplatform.storagelayout.StorageNames;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The one rule that tells the web UI's requests from the API's: which paths belong to the
 * API and to media delivery, which are the app's pages, and when a request is a browser
 * navigation. The UI's router answers exactly the requests classified as something other
 * than {@link Kind#API}, and the security configuration lets anyone make those, so that
 * no request it lets through can reach a service.
 */
public final class WebRequests {

	/** Where the files of the app are, under a version: {@code /assets/{version}/...}. */
	public static final String ASSETS = "/assets";

	/**
	 * The app's pages: the cameras, login, registration, one camera and its recordings (a
	 * camera id as camera-service makes them: a lower-case UUID).
	 */
	private static final Pattern PAGES = Pattern
		.compile("/|/login|/register|/cameras/" + StorageNames.CAMERA_ID_REGEX + "(?:/recordings)?");

	/** Path prefixes of the API and of media: everything under them. */
	private static final List<String> API_PREFIXES = List.of("/api", "/v3", "/actuator", "/streams", "/recordings",
			"/socket.io", "/.well-known");

	/**
	 * Single API paths outside those prefixes: the legacy API's routes (of which
	 * {@code /login} and {@code /register} are pages to a browser, see
	 * {@link #classify}).
	 */
	private static final Set<String> API_PATHS = Set.of("/self", "/users", "/cameras", "/addCamera", "/deleteCamera",
			"/shareCamera", "/startStream", "/stopStream", "/recordStream");

	private static final String FAVICON = "/favicon.ico";

	private WebRequests() {
	}

	/** What the web UI makes of a request. */
	public enum Kind {

		/** A page of the app: answered with the app's shell. */
		PAGE,

		/** A browser navigation to a path that is neither a page nor the API's. */
		NO_PAGE,

		/** A file of the app, under {@link #ASSETS}. */
		ASSET,

		/** {@code /favicon.ico}: the app's icon. */
		ICON,

		/** Not the UI's: the API, media, and every method but GET and HEAD. */
		API

	}

	public static Kind classify(ServerHttpRequest request) {
		return classify(request.getMethod(), request.getPath().pathWithinApplication().value(), request.getHeaders());
	}

	/**
	 * Pages are answered to a client that accepts HTML ({@code text/html},
	 * {@code text/*}, {@code *}{@code /*} or no {@code Accept}); other paths are a
	 * navigation only when {@code text/html} is named: API clients keep their problem
	 * details.
	 * @param path the raw (still percent-encoded) path
	 */
	static Kind classify(HttpMethod method, String path, HttpHeaders headers) {
		if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
			return Kind.API;
		}
		if (FAVICON.equals(path)) {
			return Kind.ICON;
		}
		if (ASSETS.equals(path) || path.startsWith(ASSETS + "/")) {
			return Kind.ASSET;
		}
		List<MediaType> accepted = accepted(headers);
		if (PAGES.matcher(path).matches() && (accepted.isEmpty() || accepted.stream()
			.anyMatch((type) -> type.getQualityValue() > 0 && type.includes(MediaType.TEXT_HTML)))) {
			return Kind.PAGE;
		}
		if (!isApi(path) && accepted.stream()
			.anyMatch((type) -> type.getQualityValue() > 0 && type.equalsTypeAndSubtype(MediaType.TEXT_HTML))) {
			return Kind.NO_PAGE;
		}
		return Kind.API;
	}

	/** Whether a path belongs to the API or to media delivery, whatever the method. */
	public static boolean isApi(String path) {
		if (API_PATHS.contains(path)) {
			return true;
		}
		for (String prefix : API_PREFIXES) {
			if (path.equals(prefix) || path.startsWith(prefix + "/")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The media types of {@code Accept}; an {@code Accept} that cannot be read accepts
	 * nothing here (the request is left to the API, which refuses it as it did).
	 */
	private static List<MediaType> accepted(HttpHeaders headers) {
		try {
			return headers.getAccept();
		}
		catch (InvalidMediaTypeException ex) {
			return List.of(MediaType.APPLICATION_OCTET_STREAM);
		}
	}

}
