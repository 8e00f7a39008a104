package dev.mediaplatform.gateway.stream;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Whether a user may watch a camera, as camera-service answers {@code GET
 * /api/v1/cameras/{id}} with the user's own token (200 yes, 403 or 404 no), or, for the
 * user a signed URL was handed to, {@code GET /internal/v1/signed-urls/{id}/{token}} (204
 * yes, 404 no). Each answer is reused for a few seconds per user and camera, so that the
 * segment requests of a playing stream do not each cost a call; a share that ends is
 * forgotten at once ({@link AccessRevocations}), or, when that news does not come, within
 * that time. When camera-service cannot answer, the request fails with
 * {@link Unavailable} and nothing is remembered.
 */
final class CameraAccess {

	private static final Logger log = LoggerFactory.getLogger(CameraAccess.class);

	private final WebClient client;

	private final String camerasUri;

	private final Duration timeout;

	private final String signedUrlsUri;

	private final AsyncCache<Viewer, Boolean> answers;

	CameraAccess(WebClient client, String camerasUri, String signedUrlsUri, Duration timeout,
			AsyncCache<Viewer, Boolean> answers) {
		this.client = client;
		this.camerasUri = camerasUri;
		this.signedUrlsUri = signedUrlsUri;
		this.timeout = timeout;
		this.answers = answers;
	}

	record Viewer(String userId, String cameraId) {
	}

	/** camera-service could not say whether the user may watch. */
	static final class Unavailable extends RuntimeException {

		Unavailable(String message) {
			super(message);
		}

	}

	/**
	 * camera-service refused in a way not worth remembering (a 4xx other than 403/404).
	 */
	static final class Refused extends RuntimeException {

		Refused(String message) {
			super(message);
		}

	}

	Mono<Boolean> mayWatch(Jwt jwt, String cameraId) {
		return cached(new Viewer(jwt.getSubject(), cameraId), () -> ask(jwt.getTokenValue(), cameraId));
	}

	/**
	 * Whether the user a signed URL was handed to still may watch its camera, asked of
	 * camera-service with the URL's token (whose signature the caller has checked) and
	 * remembered like a bearer answer for the same user and camera. When camera-service
	 * cannot say, the signature alone decides, so that playing streams keep playing; a
	 * revocation then waits until it answers again.
	 */
	Mono<Boolean> mayStillWatch(String grantee, String cameraId, String token) {
		return cached(new Viewer(grantee, cameraId), () -> askSigned(cameraId, token))
			.onErrorResume(Unavailable.class, (ex) -> Mono.just(true))
			.onErrorResume(Refused.class, (ex) -> Mono.just(false));
	}

	/**
	 * The user lost the camera: the next request asks camera-service again. An answer
	 * being asked for now is dropped as well; camera-service stored the change before
	 * announcing it, so the next question gets the new answer.
	 */
	void forget(String userId, String cameraId) {
		this.answers.synchronous().invalidate(new Viewer(userId, cameraId));
	}

	private Mono<Boolean> cached(Viewer viewer, java.util.function.Supplier<Mono<Boolean>> question) {
		CompletableFuture<Boolean> answer = this.answers.get(viewer, (key, executor) -> question.get().toFuture());
		// Cancelling one request must not cancel the answer other requests wait for. A
		// failure leaves the cache before this request is answered: the cache's own
		// removal runs after this request's callback, and a request arriving in between
		// would get the old failure instead of asking again.
		return Mono.fromFuture(answer, true).doOnError((ex) -> this.answers.asMap().remove(viewer, answer));
	}

	private Mono<Boolean> ask(String token, String cameraId) {
		return answered(this.client.get()
			.uri(this.camerasUri + "/{id}", cameraId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
	}

	private Mono<Boolean> askSigned(String cameraId, String token) {
		return answered(this.client.get().uri(this.signedUrlsUri + "/{cameraId}/{token}", cameraId, token));
	}

	private Mono<Boolean> answered(WebClient.RequestHeadersSpec<?> question) {
		return question.retrieve()
			.toBodilessEntity()
			.map((response) -> true)
			.timeout(this.timeout)
			.onErrorResume(WebClientResponseException.class, (ex) -> {
				if (ex.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)
						|| ex.getStatusCode().isSameCodeAs(HttpStatus.FORBIDDEN)) {
					return Mono.just(false);
				}
				if (ex.getStatusCode().is4xxClientError()) {
					return Mono.error(new Refused("camera-service answered " + ex.getStatusCode().value()));
				}
				return Mono.error(unavailable("answered " + ex.getStatusCode().value()));
			})
			.onErrorMap((ex) -> !(ex instanceof Refused || ex instanceof Unavailable),
					(ex) -> unavailable("cannot be reached (" + ex + ")"));
	}

	private static Unavailable unavailable(String why) {
		log.warn("Cannot ask camera-service who may watch a camera: it {}", why);
		return new Unavailable("camera-service " + why);
	}

}
