package dev.mediaplatform.gateway.routing;

import java.net.ConnectException;

import io.netty.channel.ConnectTimeoutException;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory.RetryConfig;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * A request that could not be delivered, because the service instance it was sent to
 * refused or did not accept the connection, is sent again to another instance, whatever
 * its method: the instance never saw it, so no request runs twice. This is what makes a
 * replica that crashed invisible to users while the registry still lists it (until its
 * lease expires, up to a minute and a half): the load balancer's next pick avoids the
 * instance that failed.
 * <p>
 * Spring Cloud Gateway's own Retry filter does the work (it caches a body to send again);
 * the load balancer leaves out the instance that refused ({@link RefusedInstances}), for
 * this request's next try and for every request for a while. This applies it to every
 * route but WebSocket upgrades, whose answer to the client starts before the service is
 * reached (Socket.IO clients reconnect by themselves). An answer, even a 5xx, and a
 * connection that failed after the request went out are never retried.
 */
@Component
class ConnectionRetryFilter implements GlobalFilter, Ordered {

	/** Tries after the first: with three replicas, each is tried once. */
	static final int RETRIES = 2;

	private final GatewayFilter retry;

	ConnectionRetryFilter() {
		RetryConfig config = new RetryConfig().allMethods().setRetries(RETRIES);
		config.setSeries();
		config.setStatuses();
		config.setExceptions(ConnectException.class, ConnectTimeoutException.class);
		config.setBackoff(null);
		this.retry = new RetryGatewayFilterFactory().apply(config);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		if ("websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade())) {
			return chain.filter(exchange);
		}
		return this.retry.filter(exchange, chain);
	}

	/**
	 * Before the route's address is resolved, so that every try resolves it and asks the
	 * load balancer again.
	 */
	@Override
	public int getOrder() {
		return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER - 1;
	}

}
