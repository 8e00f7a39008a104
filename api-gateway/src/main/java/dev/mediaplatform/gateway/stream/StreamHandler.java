package dev.mediaplatform.gateway.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import dev.mediaplatform.streamurl.StreamUrlToken;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves live HLS from the shared storage, to a caller with a bearer token who may watch
 * the camera ({@code /streams/{cameraId}/{file}}), or to anyone holding a signed URL
 * ({@code /streams/{cameraId}/{token}/{file}}). Everything that is not served answers
 * 404, whether the camera does not exist, may not be watched, is not streaming, or the
 * URL is expired or forged: the answer says nothing about which. Segments go out through
 * the resource writer, which hands files to Netty as zero-copy file regions and answers
 * {@code Range} requests.
 */
final class StreamHandler {

	private final LiveFiles files;

	private final StreamUrlToken tokens;

	private final Clock clock;

	private final CameraAccess access;

	private final Duration segmentMaxAge;

	StreamHandler(LiveFiles files, StreamUrlToken tokens, Clock clock, CameraAccess access, Duration segmentMaxAge) {
		this.files = files;
		this.tokens = tokens;
		this.clock = clock;
		this.access = access;
		this.segmentMaxAge = segmentMaxAge;
	}

	/** {@code /streams/{cameraId}/{file}} with {@code Authorization: Bearer}. */
	Mono<ServerResponse> withBearer(ServerRequest request) {
		String cameraId = request.pathVariable("cameraId");
		Optional<LiveFiles.LiveFile> file = this.files.find(cameraId, request.pathVariable("file"));
		if (file.isEmpty()) {
			return notFound(request);
		}
		return request.principal()
			.filter(JwtAuthenticationToken.class::isInstance)
			.flatMap((principal) -> this.access.mayWatch(((JwtAuthenticationToken) principal).getToken(), cameraId))
			.flatMap((allowed) -> allowed ? serve(request, file.get(), true) : notFound(request))
			.switchIfEmpty(Mono.defer(() -> notFound(request)))
			.onErrorResume(CameraAccess.Refused.class, (ex) -> notFound(request))
			.onErrorResume(CameraAccess.Unavailable.class,
					(ex) -> MediaProblems.problem(request, HttpStatus.SERVICE_UNAVAILABLE,
							"cannot check who may watch this camera right now; try again shortly"));
	}

	/** {@code /streams/{cameraId}/{token}/{file}}: the token is the authorization. */
	Mono<ServerResponse> signed(ServerRequest request) {
		String cameraId = request.pathVariable("cameraId");
		String token = request.pathVariable("token");
		Optional<LiveFiles.LiveFile> file = this.files.find(cameraId, request.pathVariable("file"));
		Optional<String> grantee = this.tokens.grantee(cameraId, token, this.clock.instant().getEpochSecond());
		if (file.isEmpty() || grantee.isEmpty()) {
			return notFound(request);
		}
		return this.access.mayStillWatch(grantee.get(), cameraId, token)
			.flatMap((allowed) -> allowed ? serve(request, file.get(), false) : notFound(request));
	}

	/** Anything else under {@code /streams/}. */
	Mono<ServerResponse> notFound(ServerRequest request) {
		return MediaProblems.problem(request, HttpStatus.NOT_FOUND,
				"no live stream here: the camera does not exist, is not yours to watch, is not streaming, "
						+ "or this stream URL has expired");
	}

	private Mono<ServerResponse> serve(ServerRequest request, LiveFiles.LiveFile file, boolean privately) {
		if (file.playlist()) {
			// Small, and replaced by rename: read at once, it is one consistent version.
			return Mono.fromCallable(() -> playlist(request, file))
				.subscribeOn(Schedulers.boundedElastic())
				.flatMap(Function.identity())
				.onErrorResume(IOException.class, (ex) -> notFound(request));
		}
		return Mono.fromCallable(() -> isRegularFile(file) ? segment(request, file, privately) : notFound(request))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(Function.identity())
			.onErrorResume(IOException.class, (ex) -> notFound(request));
	}

	private Mono<ServerResponse> playlist(ServerRequest request, LiveFiles.LiveFile file) throws IOException {
		ByteArrayResource playlist = new ByteArrayResource(read(file));
		return ByteRanges.refusal(request, playlist)
			.orElseGet(() -> ServerResponse.ok()
				.contentType(file.type())
				.cacheControl(CacheControl.noCache())
				.body(BodyInserters.fromResource(playlist)));
	}

	/**
	 * A file resource: the resource writer sends it as a zero-copy file region, or the
	 * requested byte range of it (ByteRanges). Reads the file's length, so it runs where
	 * blocking is allowed.
	 */
	private Mono<ServerResponse> segment(ServerRequest request, LiveFiles.LiveFile file, boolean privately)
			throws IOException {
		FileSystemResource segment = new FileSystemResource(file.path());
		return ByteRanges.refusal(request, segment)
			.orElseGet(() -> ServerResponse.ok()
				.contentType(file.type())
				.cacheControl(cacheControl(file, privately))
				.body(BodyInserters.fromResource(segment)));
	}

	private CacheControl cacheControl(LiveFiles.LiveFile file, boolean privately) {
		CacheControl cache = file.immutable() ? CacheControl.maxAge(this.segmentMaxAge).immutable()
				: CacheControl.noCache();
		return privately ? cache.cachePrivate() : cache;
	}

	private static byte[] read(LiveFiles.LiveFile file) throws IOException {
		try (InputStream in = Files.newInputStream(file.path(), LinkOption.NOFOLLOW_LINKS)) {
			return in.readAllBytes();
		}
	}

	private static boolean isRegularFile(LiveFiles.LiveFile file) {
		try {
			return Files.readAttributes(file.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
				.isRegularFile();
		}
		catch (IOException ex) {
			return false;
		}
	}

}
