package dev.mediaplatform.gateway.security;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Removes every incoming {@code X-User-*} header and, for a verified token, adds the
 * gateway's own {@code X-User-Id}, {@code X-User-Name} and {@code X-User-Roles}. It
 * implements {@link Ordered} itself so that it runs before load balancing and routing.
 */
@Component
class IdentityHeadersFilter implements GlobalFilter, Ordered {

	static final String PREFIX = "x-user-";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return ReactiveSecurityContextHolder.getContext()
			.map((context) -> context.getAuthentication())
			.filter(JwtAuthenticationToken.class::isInstance)
			.map((authentication) -> ((JwtAuthenticationToken) authentication).getToken())
			.map((jwt) -> withIdentity(exchange, jwt))
			// Built only when there is no token: the request is copied once per request.
			.switchIfEmpty(Mono.fromSupplier(() -> withIdentity(exchange, null)))
			.flatMap(chain::filter);
	}

	private static ServerWebExchange withIdentity(ServerWebExchange exchange, Jwt jwt) {
		ServerHttpRequest request = exchange.getRequest().mutate().headers((headers) -> {
			List<String> forged = headers.headerNames()
				.stream()
				.filter((name) -> name.regionMatches(true, 0, PREFIX, 0, PREFIX.length()))
				.toList();
			forged.forEach(headers::remove);
			if (jwt != null) {
				headers.set("X-User-Id", jwt.getSubject());
				headers.set("X-User-Name", String.valueOf(jwt.getClaimAsString("username")));
				List<String> roles = jwt.getClaimAsStringList("roles");
				headers.set("X-User-Roles", (roles != null) ? String.join(",", roles) : "");
			}
		}).build();
		return exchange.mutate().request(request).build();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

}
