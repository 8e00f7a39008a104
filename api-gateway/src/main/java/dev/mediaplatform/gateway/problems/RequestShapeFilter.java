package dev.mediaplatform.gateway.problems;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses, as problem details and before anything else sees them, requests no route can
 * answer: a target or headers over the limits (414, 431), characters a URI may not hold,
 * and percent-encodings that are not UTF-8 (400). Netty's own limits are set higher
 * ({@code server.netty.max-initial-line-length},
 * {@code server.max-http-request-header-size}) so that these answers, not Netty's empty
 * ones, are what clients get; a request beyond even those is refused by Netty.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestShapeFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String path = request.getURI().getRawPath();
		String query = request.getURI().getRawQuery();
		String problem = malformed("path", path);
		if (problem == null) {
			problem = malformed("query", query);
		}
		if (problem != null) {
			return Problems.write(exchange, HttpStatus.BAD_REQUEST, problem);
		}
		return chain.filter(exchange);
	}

	/**
	 * What is wrong with a raw path or query, or {@code null}: only the characters RFC
	 * 3986 allows there, and percent-encodings that decode to UTF-8.
	 */
	static String malformed(String part, String raw) {
		if (raw == null) {
			return null;
		}
		byte[] decoded = new byte[raw.length()];
		int length = 0;
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '%') {
				if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
						|| Character.digit(raw.charAt(i + 2), 16) < 0) {
					return "the " + part + " has a '%' that is not followed by two hexadecimal digits; "
							+ "encode a literal '%' as %25";
				}
				decoded[length++] = (byte) ((Character.digit(raw.charAt(i + 1), 16) << 4)
						+ Character.digit(raw.charAt(i + 2), 16));
				i += 2;
			}
			else if (allowed(c)) {
				decoded[length++] = (byte) c;
			}
			else {
				return "the " + part + " contains a character a URL may not hold unencoded"
						+ ((c > 0x20 && c < 0x7f) ? " ('" + c + "')" : "") + "; percent-encode it";
			}
		}
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(decoded, 0, length));
		}
		catch (CharacterCodingException ex) {
			return "the " + part + "'s percent-encoded bytes are not UTF-8";
		}
		return null;
	}

	/** RFC 3986 unreserved, sub-delims, ':', '@', '/' and '?'. */
	private static boolean allowed(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
				|| "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
	}

}
