package dev.mediaplatform.gateway.routing;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * The registry's (cached) instances of a service less those that refused a connection
 * lately ({@link RefusedInstances}). It wraps the cache rather than sits inside it, so
 * that an instance is left out from the next request on, not from the next refresh.
 */
class WithoutRefusedInstances extends DelegatingServiceInstanceListSupplier {

	private final RefusedInstances refused;

	WithoutRefusedInstances(ServiceInstanceListSupplier delegate, RefusedInstances refused) {
		super(delegate);
		this.refused = refused;
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return getDelegate().get().map(this.refused::usable);
	}

	@Override
	public Flux<List<ServiceInstance>> get(Request request) {
		return getDelegate().get(request).map(this.refused::usable);
	}

}
