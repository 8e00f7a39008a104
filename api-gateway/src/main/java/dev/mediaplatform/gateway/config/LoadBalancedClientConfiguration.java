package dev.mediaplatform.gateway.config;

import java.time.Duration;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerExchangeFilterFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * One client for the gateway's own calls to services by name
 * ({@code http://auth-service/...}), resolved through the registry: the JWKS, account
 * checks, camera access checks.
 * <p>
 * Its pooled connections are dropped after {@link #MAX_IDLE} unused, before the services'
 * servers close them, and a {@code GET} that failed at the connection level (refused,
 * reset, closed before an answer) is tried once more on a fresh connection, possibly of
 * another instance: a service restarting or closing an idle connection at the moment it
 * is reused must not turn into a user's 503.
 */
@Configuration(proxyBeanMethods = false)
class LoadBalancedClientConfiguration {

	/** Well under the keep-alive timeout of the services' Tomcat (60 s by default). */
	static final Duration MAX_IDLE = Duration.ofSeconds(10);

	@Bean
	WebClient loadBalancedWebClient(ReactorLoadBalancerExchangeFilterFunction loadBalancer) {
		ConnectionProvider pool = ConnectionProvider.builder("gateway-services")
			.maxIdleTime(MAX_IDLE)
			.evictInBackground(MAX_IDLE)
			.build();
		return WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
			.filter(retryGetOnceOnConnectionFailure())
			.filter(loadBalancer)
			.build();
	}

	/**
	 * Outside the load balancer, so that the second try picks an instance again. Only
	 * connection-level failures: a service's answer, even a 5xx, is final.
	 */
	static ExchangeFilterFunction retryGetOnceOnConnectionFailure() {
		return (request, next) -> {
			if (!HttpMethod.GET.equals(request.method())) {
				return next.exchange(request);
			}
			return next.exchange(request)
				.retryWhen(Retry.max(1)
					.filter(WebClientRequestException.class::isInstance)
					.onRetryExhaustedThrow((spec, signal) -> signal.failure()));
		};
	}

}
