package dev.mediaplatform.gateway.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.requestPath().value());
		ServerResponse.BodyBuilder response = ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.cacheControl(CacheControl.noStore());
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		}
		return response.headers(headers).bodyValue(problem);
	}

}
