package dev.mediaplatform.gateway.realtime;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.tcp.TcpClient;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
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
 * Sends each Socket.IO request of a {@code camera-socketio*} route to the camera-service
 * replica that holds its session, on that replica's Socket.IO port (announced as
 * {@code socketio-port} in its registry metadata).
 * <p>
 * A Socket.IO session lives in one replica, and long polling makes one HTTP request after
 * another for it. The gateway names every new session itself (netty-socketio takes a
 * session id from the {@code io} header of the handshake; one sent by a client is
 * dropped) so that rendezvous hashing of the id over the replicas the registry lists
 * names the replica the load balancer picked for the handshake; every later request of
 * the session goes by that hash. Every gateway replica finds the same camera-service
 * replica for a session without sharing any state, and when a replica leaves, only its
 * own sessions move (their clients reconnect and reload their state). A new session is
 * not placed on a replica whose Socket.IO port refuses connections (one that crashed and
 * is still registered).
 */
@Component
class SocketIoPortFilter implements GlobalFilter, Ordered {

	static final String METADATA_KEY = "socketio-port";

	/** How long a new session's replica may take to accept a connection. */
	static final int PROBE_TIMEOUT_MILLIS = 1000;

	/** The header netty-socketio takes a new session's id from. */
	static final String SESSION_HEADER = "io";

	private static final Pattern SESSION_ID = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private final ReactiveDiscoveryClient discovery;

	SocketIoPortFilter(ReactiveDiscoveryClient discovery) {
		this.discovery = discovery;
	}

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
		String given = exchange.getRequest().getQueryParams().getFirst("sid");
		String session = (given != null && SESSION_ID.matcher(given).matches()) ? given : null;
		String serviceId = chosen.getServer().getServiceId();
		if (given == null) {
			// A new session goes where the load balancer sent it (after a refused
			// connection, another replica), and is named here so that its next requests
			// find that replica.
			Mono<Placement> placed = (serviceId == null)
					? Mono.just(new Placement(chosen.getServer(), UUID.randomUUID().toString()))
					: this.discovery.getInstances(serviceId)
						.collectList()
						.flatMap((instances) -> reachable(chosen.getServer(), instances)
							.map((holder) -> new Placement(holder, nameHeldBy(holder, instances))))
						.onErrorReturn(new Placement(chosen.getServer(), UUID.randomUUID().toString()));
			return placed.flatMap((placement) -> {
				ServerWebExchange next = exchange.mutate()
					.request((request) -> request.headers((headers) -> headers.set(SESSION_HEADER, placement.name())))
					.build();
				next.getAttributes()
					.put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, socketIoUri(target, placement.holder()));
				return chain.filter(next);
			});
		}
		ServerWebExchange next = exchange.mutate()
			.request((request) -> request.headers((headers) -> headers.remove(SESSION_HEADER)))
			.build();
		String key = session;
		Mono<ServiceInstance> holder = (key == null || serviceId == null) ? Mono.just(chosen.getServer())
				: this.discovery.getInstances(serviceId)
					.collectList()
					.map((instances) -> holderOf(key, instances).orElse(chosen.getServer()))
					.onErrorReturn(chosen.getServer());
		return holder.flatMap((instance) -> {
			next.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, socketIoUri(target, instance));
			return chain.filter(next);
		});
	}

	private record Placement(ServiceInstance holder, String name) {
	}

	/**
	 * The replica the load balancer picked if its Socket.IO port accepts a connection,
	 * else the first other one that does (or the pick, when none does). A replica that
	 * crashed stays in the registry until its lease expires; a WebSocket handshake sent
	 * there cannot be sent again elsewhere (the client's upgrade is answered first), and
	 * socket.io-client, backing off, could meet it again and again.
	 */
	private Mono<ServiceInstance> reachable(ServiceInstance picked, List<ServiceInstance> instances) {
		List<ServiceInstance> order = new ArrayList<>();
		order.add(picked);
		instances.stream().filter((instance) -> !address(instance).equals(address(picked))).forEach(order::add);
		return Flux.fromIterable(order)
			.concatMap((instance) -> accepts(instance).filter(Boolean::booleanValue).map((accepted) -> instance))
			.next()
			.defaultIfEmpty(picked);
	}

	/** Whether the replica's Socket.IO port accepts a TCP connection within a second. */
	private static Mono<Boolean> accepts(ServiceInstance instance) {
		URI socketIo = socketIoUri(URI.create("http://" + instance.getHost() + ":" + instance.getPort()), instance);
		return TcpClient.newConnection()
			.host(socketIo.getHost())
			.port(socketIo.getPort())
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, PROBE_TIMEOUT_MILLIS)
			.connect()
			.map((connection) -> {
				connection.dispose();
				return true;
			})
			.onErrorReturn(false);
	}

	private static String address(ServiceInstance instance) {
		return instance.getHost() + ":" + instance.getPort();
	}

	/**
	 * A new session id that rendezvous hashing places on the given replica: random ids
	 * are drawn until one falls to it (as many draws as there are replicas, on average).
	 * A replica the registry does not list (yet) gets a random id.
	 */
	static String nameHeldBy(ServiceInstance replica, List<ServiceInstance> instances) {
		String wanted = address(replica);
		boolean listed = instances.stream().anyMatch((instance) -> address(instance).equals(wanted));
		String session = UUID.randomUUID().toString();
		for (int draw = 0; listed && draw < 64 * instances.size(); draw++) {
			ServiceInstance holder = holderOf(session, instances).orElseThrow();
			if (address(holder).equals(wanted)) {
				return session;
			}
			session = UUID.randomUUID().toString();
		}
		return session;
	}

	/**
	 * The replica that holds a session: the one with the highest hash of the session id
	 * and its own id (rendezvous hashing).
	 */
	static Optional<ServiceInstance> holderOf(String session, List<ServiceInstance> instances) {
		return instances.stream().max(Comparator.comparing((ServiceInstance instance) -> score(session, instance)));
	}

	private static String score(String session, ServiceInstance instance) {
		String id = address(instance);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((session + "|" + id).getBytes(StandardCharsets.UTF_8));
			return java.util.HexFormat.of().formatHex(digest) + id;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/**
	 * The request's URI moved to the holder's Socket.IO port (its HTTP port when it
	 * announces none).
	 */
	private static URI socketIoUri(URI target, ServiceInstance holder) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUri(target).host(holder.getHost()).port(holder.getPort());
		String port = holder.getMetadata().get(METADATA_KEY);
		if (port != null && port.matches("\\d{1,5}")) {
			uri.port(Integer.parseInt(port));
		}
		return uri.build(true).toUri();
	}

	@Override
	public int getOrder() {
		return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
	}

}
