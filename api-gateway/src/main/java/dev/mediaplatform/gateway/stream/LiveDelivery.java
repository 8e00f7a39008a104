package dev.mediaplatform.gateway.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import dev.mediaplatform.storagelayout.StorageNames;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Sends a live playlist or segment to a caller already allowed to watch, with Low-Latency
 * HLS's two waits (RFC 8216bis): a blocking playlist reload ({@code _HLS_msn},
 * {@code _HLS_part}) is held until the playlist holds what it asks for, and a request for
 * the part the playlist announces next ({@code #EXT-X-PRELOAD-HINT}) until the worker has
 * written it. Both are held by the {@link PlaylistWatch}, not by a thread, for at most
 * three target durations (the bound a player itself allows) and never longer than the
 * configured limit: a reload then answers 503, which the specification asks of a server
 * that cannot satisfy it, and a part 404 as any other missing file.
 */
final class LiveDelivery {

	/** A player that was not answered in time asks again at once. */
	static final String RETRY_AFTER_SECONDS = "1";

	private final PlaylistWatch watch;

	private final Duration segmentMaxAge;

	private final Duration longestWait;

	LiveDelivery(PlaylistWatch watch, Duration segmentMaxAge, Duration longestWait) {
		this.watch = watch;
		this.segmentMaxAge = segmentMaxAge;
		this.longestWait = longestWait;
	}

	Mono<ServerResponse> serve(ServerRequest request, LiveFiles.LiveFile file, boolean privately) {
		return file.playlist() ? playlist(request, file) : segment(request, file, privately);
	}

	static Mono<ServerResponse> notFound(ServerRequest request) {
		return MediaProblems.problem(request, HttpStatus.NOT_FOUND,
				"no live stream here: the camera does not exist, is not yours to watch, is not streaming, "
						+ "or this stream URL has expired");
	}

	private Mono<ServerResponse> playlist(ServerRequest request, LiveFiles.LiveFile file) {
		Optional<BlockingReload> reload;
		try {
			reload = BlockingReload.of(request.queryParams());
		}
		catch (BlockingReload.Invalid ex) {
			return MediaProblems.problem(request, HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		return Mono.fromCallable(() -> LivePlaylist.read(file.path()))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((current) -> reload.map((blocking) -> blockingReload(request, file, blocking, current))
				.orElseGet(() -> playlist(request, current)))
			.onErrorResume(IOException.class, (ex) -> notFound(request));
	}

	private Mono<ServerResponse> blockingReload(ServerRequest request, LiveFiles.LiveFile file, BlockingReload reload,
			LivePlaylist current) {
		if (reload.satisfiedBy(current.state())) {
			return playlist(request, current);
		}
		if (reload.beyond(current.state())) {
			return MediaProblems.problem(request, HttpStatus.BAD_REQUEST,
					BlockingReload.MSN + " is too far ahead: the stream is at segment " + current.state().nextMsn()
							+ ", and a playlist is waited for up to the segment after it");
		}
		return this.watch.await(file.path(), reload::satisfiedBy, bound(current.state()))
			.flatMap((later) -> playlist(request, later))
			.switchIfEmpty(Mono.defer(() -> notYet(request,
					"the playlist did not reach the segment or part asked for in time; ask again")))
			.onErrorResume(PlaylistWatch.Full.class, (ex) -> notYet(request, "too many players wait right now"));
	}

	private Mono<ServerResponse> playlist(ServerRequest request, LivePlaylist playlist) {
		ByteArrayResource content = new ByteArrayResource(playlist.content());
		try {
			return ByteRanges.refusal(request, content)
				.orElseGet(() -> ServerResponse.ok()
					.contentType(LiveFiles.MPEGURL)
					.cacheControl(CacheControl.noCache())
					.body(BodyInserters.fromResource(content)));
		}
		catch (IOException ex) {
			// Bytes in memory have their length at hand: not reached.
			throw new UncheckedIOException(ex);
		}
	}

	private Mono<ServerResponse> segment(ServerRequest request, LiveFiles.LiveFile file, boolean privately) {
		return Mono.fromCallable(() -> {
			if (isRegularFile(file.path())) {
				return segmentFile(request, file, privately);
			}
			Optional<LivePlaylist> hinting = hint(file);
			if (hinting.isPresent()) {
				return awaitHinted(request, file, hinting.get(), privately);
			}
			// Renamed into place since the first look, before the playlist that no longer
			// announces it.
			return isRegularFile(file.path()) ? segmentFile(request, file, privately) : notFound(request);
		})
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(Function.identity())
			.onErrorResume(IOException.class, (ex) -> notFound(request));
	}

	/**
	 * The playlist, when it announces this missing file as the part written next; empty
	 * for any other missing file, which answers 404 at once.
	 */
	private static Optional<LivePlaylist> hint(LiveFiles.LiveFile file) {
		String name = file.path().getFileName().toString();
		try {
			LivePlaylist playlist = LivePlaylist.read(file.path().resolveSibling(StorageNames.PLAYLIST));
			return name.equals(playlist.state().preloadHint()) ? Optional.of(playlist) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Waits for the announced part. The worker renames a part into place before it
	 * replaces the playlist, so a playlist that no longer announces it means the part is
	 * there, or is not coming (the run was cut off, the stream ended): one look at the
	 * file then, or when the bound passed, decides, and the watcher never needs to look
	 * at the part itself.
	 */
	private Mono<ServerResponse> awaitHinted(ServerRequest request, LiveFiles.LiveFile file, LivePlaylist playlist,
			boolean privately) {
		String name = file.path().getFileName().toString();
		return this.watch
			.await(file.path().resolveSibling(StorageNames.PLAYLIST), (state) -> !name.equals(state.preloadHint()),
					bound(playlist.state()))
			.then(Mono
				.fromCallable(
						() -> isRegularFile(file.path()) ? segmentFile(request, file, privately) : notFound(request))
				.subscribeOn(Schedulers.boundedElastic()))
			.flatMap(Function.identity())
			.onErrorResume(PlaylistWatch.Full.class, (ex) -> notYet(request, "too many players wait right now"));
	}

	/**
	 * A file resource: the resource writer sends it as a zero-copy file region, or the
	 * requested byte range of it (ByteRanges). Reads the file's length, so it runs where
	 * blocking is allowed.
	 */
	private Mono<ServerResponse> segmentFile(ServerRequest request, LiveFiles.LiveFile file, boolean privately)
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

	/** Three target durations, as a player waits, within the configured limit. */
	private Duration bound(LivePlaylistState playlist) {
		Duration three = playlist.targetDuration().multipliedBy(3);
		return (three.isZero() || three.compareTo(this.longestWait) > 0) ? this.longestWait : three;
	}

	private static Mono<ServerResponse> notYet(ServerRequest request, String detail) {
		return MediaProblems.problem(request, HttpStatus.SERVICE_UNAVAILABLE, detail,
				(headers) -> headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS));
	}

	private static boolean isRegularFile(Path path) {
		try {
			return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile();
		}
		catch (IOException ex) {
			return false;
		}
	}

}
