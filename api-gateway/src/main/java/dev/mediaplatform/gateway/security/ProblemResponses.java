package dev.mediaplatform.gateway.security;

import dev.mediaplatform.gateway.problems.Problems;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's own refusals as RFC 9457 problem details: 401 and 403 keep the
 * {@code WWW-Authenticate} header of the bearer-token handlers (RFC 6750); 413 for
 * oversized bodies.
 */
final class ProblemResponses implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		String detail = exchange.getRequest().getHeaders().containsHeader("Authorization")
				? "the bearer token is not valid: it is malformed, expired, not yet valid, not signed by this platform, "
						+ "or its account was deleted"
				: "a bearer token is required";
		// The RFC 6750 challenge, written here: Spring's entry point completes the
		// response, leaving no room for a body.
		String challenge = (ex instanceof OAuth2AuthenticationException) ? "Bearer error=\"invalid_token\"" : "Bearer";
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
		return Problems.write(exchange, HttpStatus.UNAUTHORIZED, detail);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException ex) {
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
		return Problems.write(exchange, HttpStatus.FORBIDDEN, "this needs a role the token does not have");
	}

}
