package dev.mediaplatform.auth.config;

import dev.mediaplatform.servlet.ProblemResponses;
import dev.mediaplatform.servlet.StatelessApiSecurity;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * auth-service verifies the access tokens it issued itself, with its own keys: a request
 * that did not come through the gateway is trusted only for the token it carries, never
 * for identity headers. The decoder and the claims-to-roles converter come from the token
 * feature, which defines the token format.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder decoder, JwtAuthenticationConverter tokenRoles,
			ProblemResponses problems) throws Exception {
		StatelessApiSecurity
			.configure(http, problems, (jwt) -> jwt.decoder(decoder).jwtAuthenticationConverter(tokenRoles))
			// Public paths are public for every method: a wrong method gets 405 with
			// Allow, not a 401 asking for a token that would not help.
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/register", "/login", "/api/v1/auth/register", "/api/v1/auth/login",
						"/api/v1/auth/refresh", "/api/v1/auth/logout")
				.permitAll()
				.requestMatchers("/.well-known/jwks.json", "/v3/api-docs", "/v3/api-docs/**")
				.permitAll()
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
						"/error")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/users", "/api/v1/users")
				.hasRole("ADMIN")
				.requestMatchers("/api/v1/users/me")
				.authenticated()
				.requestMatchers(HttpMethod.DELETE, "/api/v1/users/*")
				.hasRole("ADMIN")
				.anyRequest()
				.authenticated());
		return http.build();
	}

	@Bean
	ProblemResponses problemResponses(JsonMapper json) {
		return new ProblemResponses(json);
	}

	/**
	 * Requests the firewall refuses (";", "//", encoded slashes or dots in the path, ...)
	 * as problem details that say why, rather than a bare 400 from the error page.
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler(ProblemResponses problems) {
		return (request, response, ex) -> problems.write(request, response, HttpStatus.BAD_REQUEST, ex.getMessage());
	}

}
