package dev.mediaplatform.gateway.stream;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The gateway's one rule for byte ranges (RFC 9110, section 14), for every file it serves
 * (live playlists and segments, recording chunks, thumbnails): one range of bytes is
 * answered 206, or 416 with {@code Content-Range: bytes *}{@code /<length>} and a problem
 * detail when it lies beyond the file; any other {@code Range} header (malformed, another
 * unit, several ranges) is ignored and the whole file answered 200, as RFC 9110 allows. A
 * player asks for one range at a time, and refusing several keeps a request from making
 * the gateway send a file many times over ({@code multipart/byteranges} is not answered).
 * Exports are written as they are joined and ignore every {@code Range}.
 * <p>
 * As a filter it takes an ignored {@code Range} header off the request before anything
 * reads it, since Spring's resource writer would answer it with an empty 416; handlers
 * then check the range they serve with {@link #refusal}.
 */
final class ByteRanges implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		List<String> ranges = exchange.getRequest().getHeaders().get(HttpHeaders.RANGE);
		if (ranges == null || honoured(ranges)) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate()
			.request((request) -> request.headers((headers) -> headers.remove(HttpHeaders.RANGE)))
			.build());
	}

	/** Whether the {@code Range} header's values ask for exactly one range of bytes. */
	static boolean honoured(List<String> values) {
		if (values.size() != 1) {
			return false;
		}
		try {
			return HttpRange.parseRanges(values.get(0)).size() == 1;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * The 416 problem detail when the request's range lies beyond {@code file}; empty
	 * when there is no range or it can be served. Reads the file's length, so it runs
	 * where blocking is allowed.
	 */
	static Optional<Mono<ServerResponse>> refusal(ServerRequest request, Resource file) throws IOException {
		List<HttpRange> ranges = request.headers().range();
		if (ranges.size() != 1) {
			return Optional.empty();
		}
		long length = file.contentLength();
		if (length > 0 && ranges.get(0).getRangeStart(length) < length) {
			return Optional.empty();
		}
		String contentRange = "bytes */" + length;
		return Optional.of(MediaProblems.problem(request, HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
				"the requested byte range is not within this file of " + length + " bytes; ask for one range of "
						+ "bytes inside it, or none for the whole file",
				(headers) -> headers.set(HttpHeaders.CONTENT_RANGE, contentRange)));
	}

}
