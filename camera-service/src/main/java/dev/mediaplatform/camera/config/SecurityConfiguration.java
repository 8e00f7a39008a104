package dev.mediaplatform.camera.config;

import java.time.Clock;

import dev.mediaplatform.servlet.ProblemResponses;
import dev.mediaplatform.servlet.StatelessApiSecurity;
import dev.mediaplatform.sessions.EndedSessions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestTemplate;

/**
 * camera-service verifies every access token itself against the token service's JWKS: a
 * request that did not pass the gateway is trusted only for the token it carries, never
 * for identity headers.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder decoder, JsonMapper json) throws Exception {
		StatelessApiSecurity.configure(http, new ProblemResponses(json), (jwt) -> jwt.decoder(decoder))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
						"/v3/api-docs", "/v3/api-docs/**", "/error")
				.permitAll()
				// Signed playback playlists: the token in the path authorizes (checked
				// where they are answered); the gateway drops any Authorization header on
				// the way.
				.requestMatchers(HttpMethod.GET, "/recordings/*/*/playback.m3u8")
				.permitAll()
				// The gateway asks whether a signed URL still works; the token is the
				// question, and nothing is answered about an invalid one.
				.requestMatchers(HttpMethod.GET, "/internal/v1/signed-urls/*/*")
				.permitAll()
				.anyRequest()
				.authenticated());
		return http.build();
	}

	@Bean
	JwtDecoder jwtDecoder(CameraProperties properties, @LoadBalanced RestTemplate loadBalanced,
			EndedSessions endedSessions) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder
			.withJwkSetUri(properties.authServiceUri() + "/.well-known/jwks.json")
			.restOperations(loadBalanced)
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				JwtValidators.createDefaultWithIssuer(properties.issuer()), endedSessions));
		return decoder;
	}

	/**
	 * The sessions that ended while their tokens still work (filled from Kafka by the
	 * realtime feature, which also disconnects their Socket.IO clients).
	 */
	@Bean
	EndedSessions endedSessions(Clock clock) {
		return new EndedSessions(clock, 200_000);
	}

	/**
	 * Calls by service name through the registry. A RestTemplate, not a
	 * RestClient.Builder bean: the Eureka client takes any RestClient.Builder bean for
	 * its own calls, and must not resolve its server's host as a service.
	 */
	@Bean
	@LoadBalanced
	RestTemplate loadBalancedRestTemplate() {
		return new RestTemplate();
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
