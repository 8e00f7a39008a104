package dev.mediaplatform.gateway.platform;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
 * @param metrics where the gateway serves its Prometheus page
 */
@Validated
@ConfigurationProperties("platform")
public record PlatformProperties(@NotEmpty @DefaultValue( {
		"discovery-server", "auth-service", "camera-service", "stream-worker" }) List<String> requiredServices,
		@NotNull @DefaultValue("2s") Duration probeTimeout, @Valid @NotNull @DefaultValue Metrics metrics){

	/**
	 * @param host the address to listen on
	 * @param port the port of {@code /actuator/prometheus}, never the public one (0 picks
	 * a free port)
	 */
	public record Metrics(@NotNull @DefaultValue("0.0.0.0") String host,
			@Min(0) @Max(65535) @DefaultValue("8094") int port) {
	}

}
