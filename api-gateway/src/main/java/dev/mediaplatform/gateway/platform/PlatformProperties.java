package dev.mediaplatform.gateway.platform;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the gateway reports on in its health.
 *
 * @param requiredServices the services that must be registered and ready for the platform
 * to be UP
 * @param probeTimeout how long one readiness probe of a service instance may take
 */
@Validated
@ConfigurationProperties("platform")
public record PlatformProperties(@NotEmpty @DefaultValue( {
		"discovery-server", "auth-service", "camera-service", "stream-worker" }) List<String> requiredServices,
		@NotNull @DefaultValue("2s") Duration probeTimeout){
}
