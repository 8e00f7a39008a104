package dev.mediaplatform.gateway.security;

import dev.mediaplatform.gateway.problems.Problems;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * 413 as a problem detail for a declared body over the limit, before anything reads it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodySizeFilter implements WebFilter {

	private final long maxBytes;

	BodySizeFilter(GatewaySecurityProperties properties) {
		this.maxBytes = properties.maxBodySize().toBytes();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long length = exchange.getRequest().getHeaders().getContentLength();
		if (length > this.maxBytes) {
			return Problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE,
					"the request body is " + length + " bytes; at most " + this.maxBytes + " are accepted");
		}
		return chain.filter(exchange);
	}

}
