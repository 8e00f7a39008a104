package dev.mediaplatform.gateway.routing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

class RefusedInstancesTests {

	final AtomicLong now = new AtomicLong();

	final RefusedInstances refused = new RefusedInstances(this.now::get);

	final ServiceInstance crashed = instance("camera-service", 8082);

	final ServiceInstance running = instance("camera-service", 8092);

	final List<ServiceInstance> both = List.of(this.crashed, this.running);

	@Test
	void shouldLeaveOutAnInstanceThatRefusedAConnectionForTheQuarantine() {
		this.refused.onComplete(failed(this.crashed, new ConnectException("Connection refused")));

		assertThat(this.refused.usable(this.both)).containsExactly(this.running);
		this.now.addAndGet(RefusedInstances.QUARANTINE.toNanos() - 1);
		assertThat(this.refused.usable(this.both)).containsExactly(this.running);
		this.now.addAndGet(1);
		assertThat(this.refused.usable(this.both)).containsExactly(this.crashed, this.running);
	}

	@Test
	void shouldLeaveOutAnInstanceWhoseConnectionTimedOutOrWasRefusedDeepInTheCause() {
		this.refused.onComplete(failed(this.crashed, new ConnectTimeoutException("connection timed out")));
		this.refused.onComplete(failed(instance("auth-service", 8081),
				new IllegalStateException(new ConnectException("Connection refused"))));

		assertThat(this.refused.usable(this.both)).containsExactly(this.running);
		assertThat(this.refused.usable(List.of(instance("auth-service", 8081), instance("auth-service", 8091))))
			.containsExactly(instance("auth-service", 8091));
	}

	@Test
	void shouldKeepAnInstanceThatFailedAfterTheConnectionWasMade() {
		// The request may have reached it: an answer of any kind, or a reset, says it
		// lives.
		this.refused.onComplete(failed(this.crashed, new IOException("Connection reset by peer")));

		assertThat(this.refused.usable(this.both)).containsExactly(this.crashed, this.running);
	}

	@Test
	void shouldTrustAnInstanceAgainAsSoonAsItAnswers() {
		this.refused.onComplete(failed(this.crashed, new ConnectException("Connection refused")));
		this.refused.onComplete(new CompletionContext<>(CompletionContext.Status.SUCCESS,
				request(URI.create("http://127.0.0.1:8082/cameras")), new DefaultResponse(this.crashed), null));

		assertThat(this.refused.usable(this.both)).containsExactly(this.crashed, this.running);
	}

	@Test
	void shouldBlameNoInstanceForARequestSentElsewhereAfterThePick() {
		// A Socket.IO request goes to the replica that holds its session, not the pick.
		this.refused.onComplete(
				new CompletionContext<>(CompletionContext.Status.FAILED, new ConnectException("Connection refused"),
						request(URI.create("http://127.0.0.1:9082/socket.io/")), new DefaultResponse(this.running)));

		assertThat(this.refused.usable(this.both)).containsExactly(this.crashed, this.running);
	}

	@Test
	void shouldOfferEveryInstanceWhenAllRefused() {
		this.refused.onComplete(failed(this.crashed, new ConnectException("Connection refused")));
		this.refused.onComplete(failed(this.running, new ConnectException("Connection refused")));

		assertThat(this.refused.usable(this.both)).containsExactly(this.crashed, this.running);
	}

	@Test
	void shouldTellOneServiceFromAnotherOnTheSameAddress() {
		this.refused.onComplete(failed(instance("auth-service", 8082), new ConnectException("Connection refused")));

		assertThat(this.refused.usable(this.both)).containsExactly(this.crashed, this.running);
	}

	private static CompletionContext<ResponseData, ServiceInstance, RequestDataContext> failed(ServiceInstance instance,
			Throwable failure) {
		return new CompletionContext<>(CompletionContext.Status.FAILED, failure, request(),
				new DefaultResponse(instance));
	}

	private static DefaultRequest<RequestDataContext> request() {
		return new DefaultRequest<>(new RequestDataContext());
	}

	/** A request whose exchange was last sent to the given URL. */
	private static DefaultRequest<RequestDataContext> request(URI sentTo) {
		Map<String, Object> attributes = new HashMap<>();
		attributes.put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, sentTo);
		return new DefaultRequest<>(new RequestDataContext(
				new RequestData(HttpMethod.GET, sentTo, new HttpHeaders(), new LinkedMultiValueMap<>(), attributes)));
	}

	private static ServiceInstance instance(String service, int port) {
		return new DefaultServiceInstance(service + "-" + port, service, "127.0.0.1", port, false);
	}

}
