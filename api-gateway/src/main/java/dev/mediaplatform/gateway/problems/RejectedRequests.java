package dev.mediaplatform.gateway.problems;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * What Spring Security's firewall refuses (methods such as {@code TRACE}, encoded
 * slashes, dots or percent signs in the path, header values with control characters)
 * answered as a problem detail rather than an empty 400.
 */
@Component
class RejectedRequests implements ServerExchangeRejectedHandler {

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException ex) {
		String method = exchange.getRequest().getMethod().name();
		boolean usualMethod = switch (method) {
			case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" -> true;
			default -> false;
		};
		if (!usualMethod) {
			return Problems.write(exchange, HttpStatus.METHOD_NOT_ALLOWED, "the method " + method
					+ " is not accepted here; the API uses GET, HEAD, POST, PUT, PATCH, " + "DELETE and OPTIONS");
		}
		return Problems.write(exchange, HttpStatus.BAD_REQUEST,
				"the request was refused as unsafe: its path holds encoded slashes, backslashes, dots or percent "
						+ "signs, or a header holds control characters; send plain path segments and printable "
						+ "header values");
	}

}
