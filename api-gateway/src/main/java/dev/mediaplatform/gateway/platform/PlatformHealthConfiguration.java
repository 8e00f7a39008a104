package dev.mediaplatform.gateway.platform;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Adds a {@code platform} component to the gateway's health: one entry per required
 * service, UP when the registry lists it and at least one instance answers its readiness
 * probe. The platform is usable exactly when this is UP.
 */
@Configuration(proxyBeanMethods = false)
class PlatformHealthConfiguration {

	@Bean
	CompositeReactiveHealthContributor platformHealthContributor(PlatformProperties properties,
			ReactiveDiscoveryClient discovery) {
		WebClient client = WebClient.create();
		Map<String, ServiceReadiness> services = new LinkedHashMap<>();
		for (String service : properties.requiredServices()) {
			services.put(service, new ServiceReadiness(service, discovery, client, properties.probeTimeout()));
		}
		return CompositeReactiveHealthContributor.fromMap(services);
	}

}
