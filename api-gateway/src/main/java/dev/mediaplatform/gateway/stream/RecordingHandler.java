package dev.mediaplatform.gateway.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

import dev.mediaplatform.fmp4.Mp4Join;
import dev.mediaplatform.streamurl.StreamUrlToken;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves a recording's chunk file ({@code /api/v1/cameras/{cameraId}/recordings/{id}}),
 * its thumbnail and exports, to a caller with a bearer token who may watch the camera
 * (asked of camera-service as for live HLS), or to anyone holding a signed URL of the
 * camera's recordings ({@code /recordings/{cameraId}/{token}/...}, the token checked here
 * with the key alone). A camera that does not exist or may not be watched, and an expired
 * or altered URL, answer exactly like a recording that does not exist. The file goes out
 * through the resource writer: zero-copy, with {@code Range} and {@code HEAD} answered; a
 * chunk being written goes out as far as its fragments are complete (copied, as the
 * zero-copy transfer would send the fragment in progress too).
 */
final class RecordingHandler {

	/**
	 * A chunk's name in a path: its id, with or without {@code .mp4} (playback playlists
	 * name chunks with it, as players want a media segment's type in its URI).
	 */
	static final String CHUNK_NAME = "{recordingId:[0-9]{1,15}(?:\\.mp4)?}";

	/** The longest range one export may span. */
	static final Duration LONGEST_EXPORT = Duration.ofHours(24);

	/** Where an export really starts and ends: at keyframes around what was asked. */
	static final String RECORDED_START = "X-Recording-Start";

	static final String RECORDED_END = "X-Recording-End";

	static final String RECORDED_CUT = "X-Recording-Cut";

	private final RecordingFiles files;

	private final CameraAccess access;

	private final StreamUrlToken tokens;

	private final Clock clock;

	private final CacheControl complete;

	RecordingHandler(RecordingFiles files, CameraAccess access, StreamUrlToken tokens, Clock clock,
			Duration completeMaxAge) {
		this.files = files;
		this.access = access;
		this.tokens = tokens;
		this.clock = clock;
		// Private in both forms: what an owner deletes must not live on in a shared
		// cache.
		this.complete = CacheControl.maxAge(completeMaxAge).cachePrivate();
	}

	/** {@code GET} or {@code HEAD} of a chunk, with {@code Authorization: Bearer}. */
	Mono<ServerResponse> chunk(ServerRequest request) {
		String cameraId = request.pathVariable("cameraId");
		String name = request.pathVariable("recordingId");
		Optional<RecordingFiles.RecordingFile> file = this.files.find(cameraId,
				name.endsWith(".mp4") ? name.substring(0, name.length() - 4) : name);
		if (file.isEmpty()) {
			return notFound(request);
		}
		return ifAllowed(request, cameraId, () -> answer(request, file.get()));
	}

	/**
	 * {@code GET} or {@code HEAD} of a chunk's thumbnail (its first keyframe, a JPEG).
	 */
	Mono<ServerResponse> thumbnail(ServerRequest request) {
		String cameraId = request.pathVariable("cameraId");
		Optional<RecordingFiles.RecordingFile> file = this.files.find(cameraId, request.pathVariable("recordingId"));
		if (file.isEmpty()) {
			return notFound(request);
		}
		return ifAllowed(request, cameraId, () -> {
			Path thumbnail = file.get().thumbnail();
			if (this.files.stateOf(file.get()) == RecordingFiles.State.MISSING
					|| !Files.isRegularFile(thumbnail, LinkOption.NOFOLLOW_LINKS)) {
				return notFound(request);
			}
			FileSystemResource picture = new FileSystemResource(thumbnail);
			Optional<Mono<ServerResponse>> refusal = ByteRanges.refusal(request, picture);
			if (refusal.isPresent()) {
				return refusal.get();
			}
			return ServerResponse.ok()
				.contentType(MediaType.IMAGE_JPEG)
				.cacheControl(this.complete)
				.body(BodyInserters.fromResource(picture));
		});
	}

	/**
	 * {@code GET .../recordings/export.mp4?from=&to=}: the range as one MP4, joined from
	 * the chunk files without re-encoding and cut at keyframes.
	 */
	Mono<ServerResponse> export(ServerRequest request) {
		String cameraId = request.pathVariable("cameraId");
		if (!LiveFiles.isCameraId(cameraId)) {
			return notFound(request);
		}
		Instant from;
		Instant to;
		try {
			from = instant(request, "from");
			to = instant(request, "to");
		}
		catch (IllegalArgumentException ex) {
			return MediaProblems.problem(request, HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		if (!to.isAfter(from) || Duration.between(from, to).compareTo(LONGEST_EXPORT) > 0) {
			return MediaProblems.problem(request, HttpStatus.BAD_REQUEST,
					"to must be after from, at most " + LONGEST_EXPORT.toHours() + " hours later");
		}
		return ifAllowed(request, cameraId, () -> exported(request, cameraId, from, to));
	}

	private Mono<ServerResponse> exported(ServerRequest request, String cameraId, Instant from, Instant to) {
		Mp4Join.Plan plan = Mp4Join.plan(this.files.chunksBetween(cameraId, from.toEpochMilli(), to.toEpochMilli()),
				from.toEpochMilli(), to.toEpochMilli());
		if (plan.isEmpty()) {
			return MediaProblems.problem(request, HttpStatus.NOT_FOUND, "nothing was recorded in this range");
		}
		Instant start = Instant.ofEpochMilli(plan.startMillis());
		Instant end = Instant.ofEpochMilli(plan.endMillis());
		String name = cameraId + "-" + RecordingFiles.basicIso(start) + "-" + RecordingFiles.basicIso(end) + ".mp4";
		Publisher<DataBuffer> body = DataBufferUtils.outputStreamPublisher((out) -> {
			try {
				Mp4Join.write(plan, out);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, DefaultDataBufferFactory.sharedInstance, (task) -> Schedulers.boundedElastic().schedule(task));
		return ServerResponse.ok()
			.contentType(LiveFiles.MP4)
			.contentLength(plan.bytes())
			.cacheControl(CacheControl.noCache().cachePrivate())
			.headers((headers) -> {
				headers.setContentDisposition(ContentDisposition.attachment().filename(name).build());
				headers.set(RECORDED_START, start.toString());
				headers.set(RECORDED_END, end.toString());
				if (plan.cut()) {
					headers.set(RECORDED_CUT, "the camera changed its video format; export the rest apart");
				}
			})
			.body(BodyInserters.fromDataBuffers(body));
	}

	private static Instant instant(ServerRequest request, String name) {
		String value = request.queryParam(name)
			.orElseThrow(() -> new IllegalArgumentException(name + " is required: an ISO-8601 instant"));
		try {
			Instant instant = Instant.parse(value);
			// Only instants that have epoch milliseconds, as chunks are named: a year
			// such as +292278995 parses, but counts past what a long holds.
			instant.toEpochMilli();
			return instant;
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-11-30T10:00:00Z");
		}
	}

	/** Anything under {@code /recordings/} that is not served. */
	Mono<ServerResponse> unknown(ServerRequest request) {
		return notFound(request);
	}

	/**
	 * Runs {@code answer} (which may block on the storage) once the caller may watch the
	 * camera: by the signed URL's token when the path has one, otherwise as
	 * camera-service says for the bearer token; everything else answers as a recording
	 * that does not exist.
	 */
	private Mono<ServerResponse> ifAllowed(ServerRequest request, String cameraId,
			Callable<Mono<ServerResponse>> answer) {
		Optional<String> token = request.pathVariables().containsKey("token")
				? Optional.of(request.pathVariable("token")) : Optional.empty();
		if (token.isPresent()) {
			Optional<String> grantee = this.tokens.grantee(cameraId, token.get(),
					this.clock.instant().getEpochSecond());
			if (grantee.isEmpty()) {
				return notFound(request);
			}
			return this.access.mayStillWatch(grantee.get(), cameraId, token.get())
				.flatMap((allowed) -> allowed ? run(request, answer) : notFound(request));
		}
		return request.principal()
			.filter(JwtAuthenticationToken.class::isInstance)
			.flatMap((principal) -> this.access.mayWatch(((JwtAuthenticationToken) principal).getToken(), cameraId))
			.flatMap((allowed) -> allowed ? run(request, answer) : notFound(request))
			.switchIfEmpty(Mono.defer(() -> notFound(request)))
			.onErrorResume(CameraAccess.Refused.class, (ex) -> notFound(request))
			.onErrorResume(CameraAccess.Unavailable.class,
					(ex) -> MediaProblems.problem(request, HttpStatus.SERVICE_UNAVAILABLE,
							"cannot check who may watch this camera right now; try again shortly"));
	}

	/**
	 * Runs {@code answer} where blocking is allowed; a file that went while it was read
	 * (retention deletes chunks) is a recording that does not exist.
	 */
	private static Mono<ServerResponse> run(ServerRequest request, Callable<Mono<ServerResponse>> answer) {
		return Mono.fromCallable(answer)
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(Function.identity())
			.onErrorResume(IOException.class, (ex) -> notFound(request));
	}

	/** Looks at the storage, so it runs where blocking is allowed. */
	private Mono<ServerResponse> answer(ServerRequest request, RecordingFiles.RecordingFile file) throws IOException {
		RecordingFiles.State state = this.files.stateOf(file);
		if (state == RecordingFiles.State.MISSING) {
			return notFound(request);
		}
		// A growing chunk is served as far as its fragments are complete: a playable MP4
		// whose bytes never change, which the byte ranges of playback.m3u8 lie within.
		Optional<FileSystemResource> served = (state == RecordingFiles.State.COMPLETE)
				? Optional.of(new FileSystemResource(file.path())) : this.files.completePart(file);
		if (served.isEmpty()) {
			return notFound(request);
		}
		FileSystemResource chunk = served.get();
		Optional<Mono<ServerResponse>> refusal = ByteRanges.refusal(request, chunk);
		if (refusal.isPresent()) {
			return refusal.get();
		}
		// A growing chunk is kept by nobody: a cached prefix would hide the rest.
		CacheControl cache = (state == RecordingFiles.State.COMPLETE) ? this.complete
				: CacheControl.noCache().cachePrivate();
		return ServerResponse.ok()
			.contentType(LiveFiles.MP4)
			.cacheControl(cache)
			.headers((headers) -> headers
				.setContentDisposition(ContentDisposition.inline().filename(file.downloadName()).build()))
			.body(BodyInserters.fromResource(chunk));
	}

	private static Mono<ServerResponse> notFound(ServerRequest request) {
		return MediaProblems.problem(request, HttpStatus.NOT_FOUND,
				"no recording here: the camera does not exist, is not yours to watch, has no recording "
						+ "with this id, or this signed URL has expired");
	}

}
