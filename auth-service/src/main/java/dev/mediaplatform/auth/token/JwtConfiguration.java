package dev.mediaplatform.auth.token;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.mediaplatform.auth.config.AuthProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * The keys that sign access tokens and the decoder that verifies them, beside
 * {@link AccessTokens} that writes them: the token format (issuer, algorithm, the
 * {@code roles} claim) is defined in this package alone, and the security configuration
 * only plugs the decoder and the converter in.
 */
@Configuration(proxyBeanMethods = false)
class JwtConfiguration {

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

	/** The {@code roles} claim that {@link AccessTokens} writes, as Spring's roles. */
	@Bean
	JwtAuthenticationConverter jwtAuthenticationConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName("roles");
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

}
