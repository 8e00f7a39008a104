package dev.mediaplatform.gateway.stream;

import java.util.function.Consumer;

import dev.mediaplatform.gateway.problems.Problems;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The refusals of media delivery as RFC 9457 problem details, shaped like the gateway's
 * other errors: never cached, and a 503 says when to try again.
 */
final class MediaProblems {

	static final String RETRY_AFTER_SECONDS = "5";

	private MediaProblems() {
	}

	static Mono<ServerResponse> problem(ServerRequest request, HttpStatus status, String detail) {
		return problem(request, status, detail, (headers) -> {
		});
	}

	static Mono<ServerResponse> problem(ServerRequest request, HttpStatus status, String detail,
			Consumer<HttpHeaders> headers) {
		return Problems.response(request, status, detail, (all) -> {
			if (status == HttpStatus.SERVICE_UNAVAILABLE) {
				all.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			}
			headers.accept(all);
		});
	}

}
