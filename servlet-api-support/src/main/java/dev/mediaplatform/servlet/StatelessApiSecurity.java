package dev.mediaplatform.servlet;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;

/**
 * The security every servlet API of the platform shares: a JWT resource server without
 * sessions, and so without CSRF protection (the token comes in a header, never a cookie),
 * answering 401 and 403 as problem details. The service adds its own route rules and says
 * how its tokens are decoded.
 */
public final class StatelessApiSecurity {

	private StatelessApiSecurity() {
	}

	/**
	 * Applies the shared defaults to {@code http}.
	 * @param http the service's security builder
	 * @param problems answers 401 and 403
	 * @param jwt the service's token decoding (decoder, authorities)
	 * @return {@code http}, for the service's route rules
	 */
	public static HttpSecurity configure(HttpSecurity http, ProblemResponses problems,
			Customizer<OAuth2ResourceServerConfigurer<HttpSecurity>.JwtConfigurer> jwt) {
		return http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(jwt)
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
	}

}
