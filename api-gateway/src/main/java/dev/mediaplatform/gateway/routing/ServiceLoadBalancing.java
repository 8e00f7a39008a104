package dev.mediaplatform.gateway.routing;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The instance list of one service's load balancer: the registry's, cached, less the
 * instances that refused a connection lately. Spring Cloud LoadBalancer makes it in the
 * service's own context ({@link LoadBalancingConfiguration}); it is not a
 * {@code @Configuration} of the application, so component scanning leaves it alone.
 */
class ServiceLoadBalancing {

	@Bean
	ServiceInstanceListSupplier serviceInstanceListSupplier(ConfigurableApplicationContext context,
			RefusedInstances refused) {
		return new WithoutRefusedInstances(
				ServiceInstanceListSupplier.builder().withDiscoveryClient().withCaching().build(context), refused);
	}

}
