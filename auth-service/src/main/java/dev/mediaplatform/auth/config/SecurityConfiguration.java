package dev.mediaplatform.auth.config;

import java.time.Clock;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.mediaplatform.auth.token.SigningKeys;
import dev.mediaplatform.servlet.ProblemResponses;
import dev.mediaplatform.servlet.StatelessApiSecurity;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * auth-service verifies the access tokens it issued itself, with its own keys: a request
 * that did not come through the gateway is trusted only for the token it carries, never
 * for identity headers.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder decoder, JsonMapper json) throws Exception {
		StatelessApiSecurity
			.configure(http, new ProblemResponses(json),
					(jwt) -> jwt.decoder(decoder).jwtAuthenticationConverter(authenticationConverter()))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(HttpMethod.POST, "/register", "/login", "/api/v1/auth/register", "/api/v1/auth/login",
						"/api/v1/auth/refresh", "/api/v1/auth/logout")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/.well-known/jwks.json", "/v3/api-docs", "/v3/api-docs/**")
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
	SigningKeys signingKeys(AuthProperties properties) {
		return SigningKeys.load(properties.keys());
	}

	@Bean
	JwtDecoder jwtDecoder(SigningKeys keys, AuthProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(keys.publicKeys()))
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.tokens().issuer()));
		return decoder;
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		// BCrypt today, with the algorithm named in each hash so that it can change
		// without a migration.
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	static JwtAuthenticationConverter authenticationConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName("roles");
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

}
