package dev.mediaplatform.camera.config;

import java.io.IOException;

import dev.mediaplatform.servlet.ProblemResponses;
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

	private final ProblemResponses problems;

	AuthenticationUnavailableFilter(JsonMapper json) {
		this.problems = new ProblemResponses(json);
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
			response.setHeader(HttpHeaders.RETRY_AFTER, "5");
			this.problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
					"tokens cannot be verified right now (the account service is unreachable); try again shortly");
		}
	}

}
