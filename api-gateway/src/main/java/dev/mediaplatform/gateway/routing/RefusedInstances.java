package dev.mediaplatform.gateway.routing;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.netty.channel.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.stereotype.Component;

/**
 * The service instances that refused the gateway's connection lately: a replica that
 * crashed, or whose node went away, while the registry still lists it (until its lease
 * expires, up to a minute and a half). The load balancer leaves them out for
 * {@link #QUARANTINE} ({@link WithoutRefusedInstances}), so that the request sent again
 * by {@link ConnectionRetryFilter}, and every request after it, goes to an instance that
 * may answer; an instance that answers is trusted again at once. This is passive outlier
 * detection, as Envoy's and Linkerd's proxies do it: nothing polls the instances. A
 * request sent elsewhere than the pick (a Socket.IO session goes to the replica that
 * holds it, which places new sessions by its own check) counts for no instance.
 * <p>
 * Spring Cloud Gateway's load balancer does not avoid the instance a retried request
 * failed on; with round robin and other requests in between, all tries of one request
 * could meet the same crashed replica.
 */
@Component
class RefusedInstances implements LoadBalancerLifecycle<RequestDataContext, ResponseData, ServiceInstance> {

	/**
	 * How long an instance that refused a connection is left out. After it, one request
	 * tries it again (and is sent on if it still refuses).
	 */
	static final Duration QUARANTINE = Duration.ofSeconds(15);

	private static final Logger log = LoggerFactory.getLogger(RefusedInstances.class);

	/** When each instance ({@link #key}) refused, in {@link #clock} nanoseconds. */
	private final Map<String, Long> refusedAt = new ConcurrentHashMap<>();

	private final LongSupplier clock;

	RefusedInstances() {
		this(System::nanoTime);
	}

	RefusedInstances(LongSupplier clock) {
		this.clock = clock;
	}

	@Override
	public boolean supports(Class requestContextClass, Class responseClass, Class serverTypeClass) {
		return RequestDataContext.class.isAssignableFrom(requestContextClass)
				&& ResponseData.class.isAssignableFrom(responseClass)
				&& ServiceInstance.class.isAssignableFrom(serverTypeClass);
	}

	@Override
	public void onStart(Request<RequestDataContext> request) {
	}

	@Override
	public void onStartRequest(Request<RequestDataContext> request, Response<ServiceInstance> response) {
	}

	@Override
	public void onComplete(CompletionContext<ResponseData, ServiceInstance, RequestDataContext> completion) {
		Response<ServiceInstance> chosen = completion.getLoadBalancerResponse();
		if (chosen == null || !chosen.hasServer()) {
			return;
		}
		ServiceInstance instance = chosen.getServer();
		if (!sentTo(completion, instance)) {
			// Sent elsewhere after the pick (a Socket.IO session goes to the replica
			// that holds it): what happened says nothing of the picked instance.
			return;
		}
		if (completion.status() == CompletionContext.Status.FAILED && refusedConnection(completion.getThrowable())) {
			refused(instance);
		}
		else if (completion.status() == CompletionContext.Status.SUCCESS) {
			this.refusedAt.remove(key(instance));
		}
	}

	/** Leaves the instance out for the quarantine from now. */
	private void refused(ServiceInstance instance) {
		if (this.refusedAt.put(key(instance), this.clock.getAsLong()) == null) {
			log.info("{} at {}:{} refused a connection; it is left out for {} s unless no other instance is there",
					instance.getServiceId(), instance.getHost(), instance.getPort(), QUARANTINE.toSeconds());
		}
	}

	/**
	 * The instances to balance over: those that did not refuse a connection within the
	 * quarantine, or all of them if every one did (an instance back sooner is then
	 * found).
	 */
	List<ServiceInstance> usable(List<ServiceInstance> instances) {
		if (this.refusedAt.isEmpty()) {
			return instances;
		}
		long now = this.clock.getAsLong();
		this.refusedAt.values().removeIf((at) -> now - at >= QUARANTINE.toNanos());
		List<ServiceInstance> usable = instances.stream()
			.filter((instance) -> !this.refusedAt.containsKey(key(instance)))
			.toList();
		return usable.isEmpty() ? instances : usable;
	}

	/** Whether the request went to the instance's own address (its URL at the end). */
	private static boolean sentTo(CompletionContext<ResponseData, ServiceInstance, RequestDataContext> completion,
			ServiceInstance instance) {
		Request<RequestDataContext> request = completion.getLoadBalancerRequest();
		if (request == null || request.getContext() == null || request.getContext().getClientRequest() == null
				|| request.getContext().getClientRequest().getAttributes() == null) {
			return true;
		}
		// The exchange's attributes, as they are now.
		Object url = request.getContext()
			.getClientRequest()
			.getAttributes()
			.get(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		return !(url instanceof URI sent)
				|| (instance.getHost().equals(sent.getHost()) && instance.getPort() == sent.getPort());
	}

	private static boolean refusedConnection(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static String key(ServiceInstance instance) {
		return instance.getServiceId() + "@" + instance.getHost() + ":" + instance.getPort();
	}

}
