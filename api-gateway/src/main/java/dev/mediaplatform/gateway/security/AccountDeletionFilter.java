package dev.mediaplatform.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Tells the account check at once when an account deletion succeeds through this gateway.
 */
@Component
class AccountDeletionFilter implements GlobalFilter, Ordered {

	private static final PathPattern USER = PathPatternParser.defaultInstance.parse("/api/v1/users/{id}");

	private final AccountCheck accounts;

	AccountDeletionFilter(AccountCheck accounts) {
		this.accounts = accounts;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		PathPattern.PathMatchInfo match = USER
			.matchAndExtract(PathContainer.parsePath(exchange.getRequest().getPath().value()));
		if (exchange.getRequest().getMethod() != HttpMethod.DELETE || match == null) {
			return chain.filter(exchange);
		}
		String id = match.getUriVariables().get("id");
		return ReactiveSecurityContextHolder.getContext()
			.map((context) -> (context.getAuthentication() instanceof JwtAuthenticationToken token)
					? token.getToken().getSubject() : "")
			.defaultIfEmpty("")
			.flatMap((caller) -> chain.filter(exchange).then(Mono.fromRunnable(() -> {
				if (exchange.getResponse().getStatusCode() != null
						&& exchange.getResponse().getStatusCode().is2xxSuccessful()) {
					this.accounts.accountDeleted("me".equals(id) ? caller : id);
				}
			})));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 200;
	}

}
