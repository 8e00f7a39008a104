package dev.mediaplatform.gateway.stream;

import java.time.Clock;
import java.util.Optional;

import dev.mediaplatform.streamurl.StreamUrlToken;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves live HLS from the shared storage, to a caller with a bearer token who may watch
 * the camera ({@code /streams/{cameraId}/{file}}), or to anyone holding a signed URL
 * ({@code /streams/{cameraId}/{token}/{file}}). Everything that is not served answers
 * 404, whether the camera does not exist, may not be watched, is not streaming, or the
 * URL is expired or forged: the answer says nothing about which. Who may watch is decided
 * here, before anything is read or waited for ({@link LiveDelivery}): a stranger is
 * answered at once, never held.
 */
final class StreamHandler {

	private final LiveFiles files;

	private final StreamUrlToken tokens;

	private final Clock clock;

	private final CameraAccess access;

	private final LiveDelivery delivery;

	StreamHandler(LiveFiles files, StreamUrlToken tokens, Clock clock, CameraAccess access, LiveDelivery delivery) {
		this.files = files;
		this.tokens = tokens;
		this.clock = clock;
		this.access = access;
		this.delivery = delivery;
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
			.flatMap((allowed) -> allowed ? this.delivery.serve(request, file.get(), true) : notFound(request))
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
			.flatMap((allowed) -> allowed ? this.delivery.serve(request, file.get(), false) : notFound(request));
	}

	/** Anything else under {@code /streams/}. */
	Mono<ServerResponse> notFound(ServerRequest request) {
		return LiveDelivery.notFound(request);
	}

}
