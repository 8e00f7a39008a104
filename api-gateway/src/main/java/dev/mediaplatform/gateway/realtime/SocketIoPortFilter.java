package dev.mediaplatform.gateway.realtime;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * camera-service answers Socket.IO on a port of its own, announced as
 * {@code socketio-port} in its registry metadata. After the load balancer picked an
 * instance for a {@code camera-socketio*} route, this sends the request to that
 * instance's Socket.IO port instead of its HTTP port.
 */
@Component
class SocketIoPortFilter implements GlobalFilter, Ordered {

	static final String METADATA_KEY = "socketio-port";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		Response<ServiceInstance> chosen = exchange
			.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		URI target = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		if (route == null || !route.getId().startsWith("camera-socketio") || chosen == null || !chosen.hasServer()
				|| target == null) {
			return chain.filter(exchange);
		}
		String port = chosen.getServer().getMetadata().get(METADATA_KEY);
		if (port != null && port.matches("\\d{1,5}")) {
			URI rewritten = UriComponentsBuilder.fromUri(target).port(Integer.parseInt(port)).build(true).toUri();
			exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, rewritten);
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
	}

}
