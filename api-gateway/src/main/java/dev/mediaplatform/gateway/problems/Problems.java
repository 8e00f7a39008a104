package dev.mediaplatform.gateway.problems;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * The one way the gateway writes an error itself: an RFC 9457 problem detail, never
 * cached. Every refusal of the gateway (security, the request's shape, routing, errors)
 * goes through here, so that a client reads every error the same way.
 */
public final class Problems {

	/** Paths longer than this are not echoed back as the problem's {@code instance}. */
	private static final int LONGEST_INSTANCE = 256;

	private Problems() {
	}

	public static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String detail) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().setCacheControl(CacheControl.noStore());
		byte[] body = JsonMapper.shared()
			.writeValueAsString(body(status, detail, exchange.getRequest().getPath().value()))
			.getBytes(StandardCharsets.UTF_8);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	/**
	 * The same answer from a handler function; {@code headers} may add to it (a 503's
	 * {@code Retry-After}).
	 */
	public static Mono<ServerResponse> response(ServerRequest request, HttpStatusCode status, String detail,
			Consumer<HttpHeaders> headers) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.cacheControl(CacheControl.noStore())
			.headers(headers)
			.bodyValue(body(status, detail, request.requestPath().value()));
	}

	public static Mono<ServerResponse> response(ServerRequest request, HttpStatusCode status, String detail) {
		return response(request, status, detail, (headers) -> {
		});
	}

	private static Map<String, Object> body(HttpStatusCode status, String detail, String path) {
		HttpStatus known = HttpStatus.resolve(status.value());
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", (known != null) ? known.getReasonPhrase() : "Error");
		problem.put("status", status.value());
		problem.put("detail", detail);
		if (path.length() <= LONGEST_INSTANCE) {
			problem.put("instance", path);
		}
		return problem;
	}

}
