package dev.mediaplatform.gateway.config;

import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerExchangeFilterFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One client for the gateway's own calls to services by name
 * ({@code http://auth-service/...}), resolved through the registry: the JWKS, account
 * checks, camera access checks.
 */
@Configuration(proxyBeanMethods = false)
class LoadBalancedClientConfiguration {

	@Bean
	WebClient loadBalancedWebClient(ReactorLoadBalancerExchangeFilterFunction loadBalancer) {
		return WebClient.builder().filter(loadBalancer).build();
	}

}
