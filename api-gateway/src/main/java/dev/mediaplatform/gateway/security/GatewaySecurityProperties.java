package dev.mediaplatform.gateway.security;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway checks who is calling.
 *
 * @param issuer the {@code iss} every access token must carry
 * @param jwksUri where the token service publishes its public keys (a load-balanced
 * service name)
 * @param accountsUri where the gateway asks whether a token's account still exists
 * @param accountCheckTtl how long a "this account exists" answer is reused
 * @param maxBodySize the largest request body the gateway passes on
 */
@Validated
@ConfigurationProperties("gateway.security")
public record GatewaySecurityProperties(@NotBlank @DefaultValue("media-platform") String issuer,
		@NotBlank @DefaultValue("http://auth-service/.well-known/jwks.json") String jwksUri,
		@NotBlank @DefaultValue("http://auth-service/api/v1/users/me") String accountsUri,
		@NotNull @DefaultValue("30s") Duration accountCheckTtl, @NotNull @DefaultValue("1MB") DataSize maxBodySize) {

}
