package dev.mediaplatform.gateway.platform;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Whether one service is registered and has at least one instance whose readiness probe
 * answers UP.
 */
final class ServiceReadiness implements ReactiveHealthIndicator {

	private final String service;

	private final ReactiveDiscoveryClient discovery;

	private final WebClient client;

	private final Duration timeout;

	ServiceReadiness(String service, ReactiveDiscoveryClient discovery, WebClient client, Duration timeout) {
		this.service = service;
		this.discovery = discovery;
		this.client = client;
		this.timeout = timeout;
	}

	@Override
	public Mono<Health> health() {
		return this.discovery.getInstances(this.service).collectList().flatMap(this::probeAll);
	}

	private Mono<Health> probeAll(List<ServiceInstance> instances) {
		if (instances.isEmpty()) {
			return Mono.just(Health.down().withDetail("reason", "not registered").build());
		}
		return Flux.fromIterable(instances)
			.flatMap(this::isReady)
			.filter(Boolean::booleanValue)
			.count()
			.map((ready) -> {
				Health.Builder health = (ready > 0) ? Health.up() : Health.down();
				return health.withDetail("instances", instances.size()).withDetail("ready", ready).build();
			});
	}

	private Mono<Boolean> isReady(ServiceInstance instance) {
		return this.client.get()
			.uri(instance.getUri().resolve("/actuator/health/readiness"))
			.retrieve()
			.toBodilessEntity()
			.map((response) -> response.getStatusCode().is2xxSuccessful())
			.timeout(this.timeout)
			.onErrorReturn(false);
	}

}
