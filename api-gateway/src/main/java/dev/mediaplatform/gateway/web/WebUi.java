package dev.mediaplatform.gateway.web;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mediaplatform.gateway.problems.Problems;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Answers the web UI's requests (what {@link WebRequests} tells from the API's): the
 * app's shell for every page and the 404 page, each with the placeholder
 * {@code {{assets}}} replaced by {@code /assets/{version}}, and the app's files under
 * that prefix. Pages are revalidated on every load and carry a strict content security
 * policy; files, whose URL changes with any change of the app, are kept by browsers for a
 * year.
 */
final class WebUi {

	/** What the pages may load: the app's own files, media and workers from blobs. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; worker-src 'self' blob:; "
			+ "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
			+ "object-src 'none'";

	static final String PLACEHOLDER = "{{assets}}";

	static final String IMMUTABLE = "public, max-age=31536000, immutable";

	private static final String NO_CACHE = CacheControl.noCache().getHeaderValue();

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private static final String ICON = "app/icon.svg";

	/**
	 * {@code /assets/{version}/{path}}: plain segments only, none starting with a dot. A
	 * path with anything percent-encoded is no file of the app.
	 */
	private static final Pattern ASSET = Pattern
		.compile("/assets/([0-9a-f]{1,64})/((?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*)");

	private final WebFiles files;

	WebUi(WebFiles files) {
		this.files = files;
	}

	String version() {
		return this.files.version();
	}

	String assets() {
		return WebRequests.ASSETS + "/" + this.files.version();
	}

	Mono<ServerResponse> page(ServerRequest request) {
		return page(request, WebFiles.SHELL, HttpStatus.OK);
	}

	Mono<ServerResponse> noPage(ServerRequest request) {
		return page(request, WebFiles.NOT_FOUND, HttpStatus.NOT_FOUND);
	}

	Mono<ServerResponse> asset(ServerRequest request) {
		Matcher asset = ASSET.matcher(request.requestPath().pathWithinApplication().value());
		if (!asset.matches() || !asset.group(1).equals(this.files.version()) || WebFiles.SHELL.equals(asset.group(2))
				|| WebFiles.NOT_FOUND.equals(asset.group(2))) {
			return noFile(request);
		}
		return find(asset.group(2)).flatMap((file) -> file(request, file, this.files.editable() ? NO_CACHE : IMMUTABLE))
			.switchIfEmpty(Mono.defer(() -> noFile(request)));
	}

	/** The app's icon for browsers that ask for the conventional name. */
	Mono<ServerResponse> icon(ServerRequest request) {
		return find(ICON).flatMap((file) -> file(request, file, NO_CACHE))
			.switchIfEmpty(Mono.defer(() -> problem(request, "this app has no icon")));
	}

	private Mono<ServerResponse> page(ServerRequest request, String name, HttpStatus status) {
		return find(name).flatMap((file) -> {
			byte[] page = new String(file.content(), StandardCharsets.UTF_8).replace(PLACEHOLDER, assets())
				.getBytes(StandardCharsets.UTF_8);
			return ServerResponse.status(status)
				.contentType(HTML)
				.header(HttpHeaders.CACHE_CONTROL, NO_CACHE)
				.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
				.header("X-Content-Type-Options", "nosniff")
				.header("Referrer-Policy", "same-origin")
				.header("X-Frame-Options", "DENY")
				.bodyValue(page);
		}).switchIfEmpty(Mono.defer(() -> problem(request, "the web UI is not part of this build of the gateway")));
	}

	private Mono<ServerResponse> file(ServerRequest request, WebFile file, String cacheControl) {
		if (notModified(request, file.etag())) {
			return ServerResponse.status(HttpStatus.NOT_MODIFIED)
				.eTag(file.etag())
				.header(HttpHeaders.CACHE_CONTROL, cacheControl)
				.build();
		}
		return ServerResponse.ok()
			.contentType(file.type())
			.eTag(file.etag())
			.header(HttpHeaders.CACHE_CONTROL, cacheControl)
			.header("X-Content-Type-Options", "nosniff")
			.bodyValue(file.content());
	}

	private Mono<WebFile> find(String path) {
		Mono<WebFile> file = Mono.fromCallable(() -> this.files.find(path)).flatMap(Mono::justOrEmpty);
		// Read from a directory on each request: off the event loop.
		return this.files.editable() ? file.subscribeOn(Schedulers.boundedElastic()) : file;
	}

	private static boolean notModified(ServerRequest request, String etag) {
		for (String tags : request.headers().header(HttpHeaders.IF_NONE_MATCH)) {
			for (String tag : tags.split(",")) {
				String candidate = tag.strip();
				if (candidate.equals("*") || candidate.equals(etag) || candidate.equals("W/" + etag)) {
					return true;
				}
			}
		}
		return false;
	}

	private static Mono<ServerResponse> noFile(ServerRequest request) {
		return problem(request, "no such file of the web UI in this version; load the page again for the current one");
	}

	private static Mono<ServerResponse> problem(ServerRequest request, String detail) {
		return Problems.response(request, HttpStatus.NOT_FOUND, detail);
	}

}
