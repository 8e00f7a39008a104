package dev.mediaplatform.gateway.security;

import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerExchangeFilterFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The front door: every request needs a valid access token, verified with Spring
 * Security's resource server against the token service's JWKS, except the few routes a
 * stranger must reach (register, login, refresh, the pages, health).
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurityConfiguration {

	/** What anyone may call without a token. */
	static final String[] PUBLIC_POSTS = { "/register", "/login", "/api/v1/auth/register", "/api/v1/auth/login",
			"/api/v1/auth/refresh", "/api/v1/auth/logout" };

	static final String[] PUBLIC_GETS = { "/", "/login", "/register", "/favicon.ico", "/static/**",
			"/.well-known/jwks.json", "/v3/api-docs/**" };

	@Bean
	SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
		ProblemResponses problems = new ProblemResponses();
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges.pathMatchers(HttpMethod.POST, PUBLIC_POSTS)
				.permitAll()
				.pathMatchers(HttpMethod.GET, PUBLIC_GETS)
				.permitAll()
				.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
				.permitAll()
				.pathMatchers("/actuator/**")
				.hasRole("ADMIN")
				// Socket.IO carries its token in the handshake payload; camera-service
				// verifies it there.
				.pathMatchers("/socket.io/**")
				.permitAll()
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(authenticationConverter()))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.build();
	}

	@Bean
	ReactiveJwtDecoder jwtDecoder(GatewaySecurityProperties properties,
			ReactorLoadBalancerExchangeFilterFunction loadBalancer, AccountCheck accounts) {
		WebClient viaRegistry = WebClient.builder().filter(loadBalancer).build();
		NimbusReactiveJwtDecoder signatures = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwksUri())
			.webClient(viaRegistry)
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		signatures.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.issuer()));
		return (token) -> signatures.decode(token).flatMap((jwt) -> accounts.requireExisting(jwt, token));
	}

	@Bean
	AccountCheck accountCheck(GatewaySecurityProperties properties,
			ReactorLoadBalancerExchangeFilterFunction loadBalancer) {
		return new AccountCheck(WebClient.builder().filter(loadBalancer).build(), properties.accountsUri(),
				Caffeine.newBuilder().expireAfterWrite(properties.accountCheckTtl()).maximumSize(100_000).buildAsync(),
				Caffeine.newBuilder().expireAfterWrite(java.time.Duration.ofHours(1)).maximumSize(100_000).build());
	}

	static Converter<Jwt, Mono<AbstractAuthenticationToken>> authenticationConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName("roles");
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return new ReactiveJwtAuthenticationConverterAdapter(converter);
	}

}
