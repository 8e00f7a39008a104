package dev.mediaplatform.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mediaplatform.sessions.EndedSessions;
import dev.mediaplatform.gateway.problems.Problems;
import dev.mediaplatform.gateway.web.WebRequests;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;

/**
 * The front door: every request needs a valid access token, verified with Spring
 * Security's resource server against the token service's JWKS, except the few routes a
 * stranger must reach (register, login, refresh, the web UI, health) and signed stream
 * URLs of live streams and recordings, whose token in the path is checked where they are
 * served.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurityConfiguration {

	/** What anyone may call without a token. */
	static final String[] PUBLIC_POSTS = { "/register", "/login", "/api/v1/auth/register", "/api/v1/auth/login",
			"/api/v1/auth/refresh", "/api/v1/auth/logout" };

	/**
	 * GETs of the API anyone may make; the web UI's requests (pages, their files, the 404
	 * page of browser navigations) are {@link #webUi()}.
	 */
	static final String[] PUBLIC_GETS = { "/", "/login", "/register", "/.well-known/jwks.json", "/v3/api-docs/**" };

	/** {@code /streams/{cameraId}/{token}/{file}}: the token in the path authorizes. */
	static final String SIGNED_STREAMS = "/streams/*/*/*";

	static final String STREAMS = "/streams/**";

	/**
	 * {@code /recordings/{cameraId}/{token}/...}: a camera's recordings by signed URL,
	 * the token checked where they are served (the playlist by camera-service).
	 */
	static final String SIGNED_RECORDINGS = "/recordings/**";

	/**
	 * A recording's chunk file, served by the gateway like live HLS (the route in
	 * {@code StreamConfiguration}); the other recording routes are camera-service's API.
	 */
	static final String RECORDING_FILES = "/api/v1/cameras/*/recordings/{recordingId:[0-9]{1,15}(?:\\.mp4)?}";

	/**
	 * The playback playlist of recordings, camera-service's answer: a player on another
	 * origin reads it as it reads a live playlist.
	 */
	static final String RECORDING_PLAYLIST = "/api/v1/cameras/*/recordings/playback.m3u8";

	/**
	 * A range exported as one MP4 by the gateway: a browser on another origin may fetch
	 * it.
	 */
	static final String RECORDING_EXPORT = "/api/v1/cameras/*/recordings/export.mp4";

	/** A chunk's thumbnail, served by the gateway beside the chunk. */
	static final String RECORDING_THUMBNAIL = "/api/v1/cameras/*/recordings/{recordingId:[0-9]{1,15}}/thumbnail.jpg";

	/**
	 * Tokens remembered as verified ({@link VerifiedTokens}): one per signed-in client
	 * for 15 minutes, a couple of kilobytes each.
	 */
	static final long VERIFIED_TOKENS = 20_000;

	@Bean
	SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
		ProblemResponses problems = new ProblemResponses();
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.addFilterAt(cors(), SecurityWebFiltersOrder.CORS)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges.pathMatchers(HttpMethod.POST, PUBLIC_POSTS)
				.permitAll()
				.pathMatchers(HttpMethod.GET, PUBLIC_GETS)
				.permitAll()
				.matchers(webUi())
				.permitAll()
				.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
				.permitAll()
				.pathMatchers("/actuator/**")
				.hasRole("ADMIN")
				// Socket.IO carries its token in the handshake payload; camera-service
				// verifies it there.
				.pathMatchers("/socket.io/**")
				.permitAll()
				.pathMatchers(HttpMethod.GET, SIGNED_STREAMS)
				.permitAll()
				.pathMatchers(HttpMethod.HEAD, SIGNED_STREAMS)
				.permitAll()
				.pathMatchers(HttpMethod.GET, SIGNED_RECORDINGS)
				.permitAll()
				.pathMatchers(HttpMethod.HEAD, SIGNED_RECORDINGS)
				.permitAll()
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.bearerTokenConverter(bearerTokens())
				.jwt((jwt) -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(authenticationConverter()))
				.authenticationFailureHandler(badTokens(problems))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.build();
	}

	/**
	 * The operations anyone may call: what {@link #gatewaySecurity} permits to all but
	 * the signed URLs (whose token is never read from the header, {@link #bearerTokens})
	 * and Socket.IO (whose token is in its handshake).
	 */
	static ServerWebExchangeMatcher publicOperations() {
		return new OrServerWebExchangeMatcher(ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, PUBLIC_POSTS),
				ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, PUBLIC_GETS), webUi(),
				ServerWebExchangeMatchers.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info"));
	}

	/**
	 * A bearer token that is not valid refuses the request (401), except on a public
	 * operation: that answers as to an anonymous caller, since a client holding a stale
	 * token (expired, or of a deleted account) must still be able to log in, register,
	 * refresh or load a page. The header is taken off what is forwarded, so that the
	 * service behind does not refuse it either. A valid token on a public operation is
	 * kept (an administrator's health details).
	 */
	static ServerAuthenticationFailureHandler badTokens(ProblemResponses problems) {
		ServerWebExchangeMatcher open = publicOperations();
		ServerAuthenticationFailureHandler refuse = new ServerAuthenticationEntryPointFailureHandler(problems);
		return (filterExchange, ex) -> open.matches(filterExchange.getExchange())
			.flatMap((match) -> match.isMatch()
					? filterExchange.getChain().filter(withoutAuthorization(filterExchange.getExchange()))
					: refuse.onAuthenticationFailure(filterExchange, ex));
	}

	private static ServerWebExchange withoutAuthorization(ServerWebExchange exchange) {
		return exchange.mutate()
			.request((request) -> request.headers((headers) -> headers.remove(HttpHeaders.AUTHORIZATION)))
			.build();
	}

	/**
	 * The cross-origin policy, answered here before any token is asked for (a browser
	 * sends none with a preflight, Fetch standard). Media (live HLS, recording chunks,
	 * thumbnails, exports and the playback playlist, which players read by byte ranges)
	 * may be read from any origin, refusals (401) included so that a player can read
	 * them. The rest of the API is for the web UI, which the gateway serves on its own
	 * origin, and for clients that are not browsers: a preflight for it is refused with a
	 * 403 problem detail, and its answers carry no {@code Access-Control-*} header.
	 */
	static WebFilter cors() {
		CorsConfiguration players = new CorsConfiguration();
		players.addAllowedOrigin("*");
		players.setAllowedMethods(List.of("GET", "HEAD", "OPTIONS"));
		players.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.RANGE));
		players.setExposedHeaders(
				List.of(HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_RANGE, HttpHeaders.ACCEPT_RANGES));
		players.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration(STREAMS, players);
		source.registerCorsConfiguration(RECORDING_FILES, players);
		source.registerCorsConfiguration(RECORDING_PLAYLIST, players);
		source.registerCorsConfiguration(RECORDING_EXPORT, players);
		source.registerCorsConfiguration(RECORDING_THUMBNAIL, players);
		source.registerCorsConfiguration(SIGNED_RECORDINGS, players);
		CorsWebFilter cors = new CorsWebFilter(source);
		ServerWebExchangeMatcher media = ServerWebExchangeMatchers.pathMatchers(STREAMS, RECORDING_FILES,
				RECORDING_PLAYLIST, RECORDING_EXPORT, RECORDING_THUMBNAIL, SIGNED_RECORDINGS);
		return (exchange, chain) -> media.matches(exchange).flatMap((match) -> {
			if (match.isMatch()) {
				return cors.filter(exchange, chain);
			}
			if (CorsUtils.isPreFlightRequest(exchange.getRequest())) {
				return Problems.write(exchange, HttpStatus.FORBIDDEN,
						"this route may not be called from another origin: only media (streams, recordings, "
								+ "thumbnails, exports) may be read cross-origin");
			}
			return chain.filter(exchange);
		});
	}

	/**
	 * What the gateway's web UI answers: its pages, their files and the 404 page of a
	 * browser navigation, for anyone (a browser sends no token when it loads a page).
	 */
	static ServerWebExchangeMatcher webUi() {
		return (exchange) -> (WebRequests.classify(exchange.getRequest()) != WebRequests.Kind.API)
				? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
	}

	/**
	 * Bearer tokens from the {@code Authorization} header, except on signed URLs: a
	 * player may send a stale access token along with a URL that needs none.
	 */
	static ServerAuthenticationConverter bearerTokens() {
		ServerBearerTokenAuthenticationConverter header = new ServerBearerTokenAuthenticationConverter();
		ServerWebExchangeMatcher signed = ServerWebExchangeMatchers.pathMatchers(SIGNED_STREAMS, SIGNED_RECORDINGS);
		return (exchange) -> signed.matches(exchange)
			.flatMap((match) -> match.isMatch() ? Mono.empty() : header.convert(exchange));
	}

	@Bean
	ReactiveJwtDecoder jwtDecoder(GatewaySecurityProperties properties, WebClient loadBalancedWebClient,
			AccountCheck accounts, EndedSessions endedSessions) {
		NimbusReactiveJwtDecoder signatures = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwksUri())
			.webClient(loadBalancedWebClient)
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
				JwtValidators.createDefaultWithIssuer(properties.issuer()), endedSessions);
		signatures.setJwtValidator(validator);
		VerifiedTokens verified = new VerifiedTokens(signatures, validator, Clock.systemUTC(), VERIFIED_TOKENS);
		return (token) -> verified.decode(token).flatMap((jwt) -> accounts.requireExisting(jwt, token));
	}

	/**
	 * Ended sessions until their tokens expire: a few hundred bytes each, so even a burst
	 * of logouts stays small.
	 */
	@Bean
	EndedSessions endedSessions() {
		return new EndedSessions(Clock.systemUTC(), 200_000);
	}

	@Bean
	AccountCheck accountCheck(GatewaySecurityProperties properties, WebClient loadBalancedWebClient) {
		return new AccountCheck(loadBalancedWebClient, properties.accountsUri(),
				Caffeine.newBuilder().expireAfterWrite(properties.accountCheckTtl()).maximumSize(100_000).buildAsync(),
				Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(1)).maximumSize(100_000).build());
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
