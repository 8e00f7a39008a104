package dev.mediaplatform.camera.config;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When a token cannot be checked because the token service's keys cannot be fetched
 * (auth-service down or not yet in the registry), the caller gets 503 with
 * {@code Retry-After}: its token is not at fault, and there was no 5xx of ours to see.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1)
class AuthenticationUnavailableFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(AuthenticationUnavailableFilter.class);

	private final JsonMapper json;

	AuthenticationUnavailableFilter(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (AuthenticationServiceException ex) {
			log.warn("Cannot verify tokens right now: {}", ex.getMessage());
			if (response.isCommitted()) {
				throw ex;
			}
			response.resetBuffer();
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			response.setHeader(HttpHeaders.RETRY_AFTER, "5");
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			this.json.writeValue(response.getOutputStream(), Map.of("type", "about:blank", "title",
					"Service Unavailable", "status", 503, "detail",
					"tokens cannot be verified right now (the account service is unreachable); try again shortly",
					"instance", request.getRequestURI()));
		}
	}

}
