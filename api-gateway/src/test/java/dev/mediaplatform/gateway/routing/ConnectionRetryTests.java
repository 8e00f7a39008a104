package dev.mediaplatform.gateway.routing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.mediaplatform.gateway.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry still lists a camera-service replica that crashed (its port refuses
 * connections) beside one that runs: every request, a command with a body as much as a
 * Socket.IO handshake, reaches the running one, and an answer is never sent twice.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ConnectionRetryTests {

	static final KeyPair signingKeys = TestServices.rsa();

	static final WireMockServer services = TestServices.start(signingKeys);

	/** The replica that runs; it serves Socket.IO on its own port too. */
	static final WireMockServer running = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	/** Where the crashed replica listened: nothing does now. */
	static final int crashed = closedPort();

	@LocalServerPort
	int port;

	@Autowired
	AtomicInteger refusals;

	WebTestClient http;

	static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void platform(DynamicPropertyRegistry registry) {
		running.start();
		registry.add("spring.cloud.discovery.client.simple.instances.auth-service[0].uri", services::baseUrl);
		String prefix = "spring.cloud.discovery.client.simple.instances.camera-service";
		registry.add(prefix + "[0].uri", () -> "http://127.0.0.1:" + crashed);
		registry.add(prefix + "[0].metadata.socketio-port", () -> Integer.toString(crashed));
		registry.add(prefix + "[1].uri", () -> "http://127.0.0.1:" + running.port());
		registry.add(prefix + "[1].metadata.socketio-port", () -> Integer.toString(running.port()));
	}

	/** Counts the connections refused to the gateway's load-balanced requests. */
	@TestConfiguration
	static class Refusals {

		@Bean
		AtomicInteger refusals() {
			return new AtomicInteger();
		}

		@Bean
		LoadBalancerLifecycle<RequestDataContext, ResponseData, ServiceInstance> refusalCounter(
				AtomicInteger refusals) {
			return new LoadBalancerLifecycle<>() {

				@Override
				public void onStart(Request<RequestDataContext> request) {
				}

				@Override
				public void onStartRequest(Request<RequestDataContext> request, Response<ServiceInstance> response) {
				}

				@Override
				public void onComplete(
						CompletionContext<ResponseData, ServiceInstance, RequestDataContext> completion) {
					if (completion.status() == CompletionContext.Status.FAILED
							&& completion.getThrowable() instanceof ConnectException) {
						refusals.incrementAndGet();
					}
				}

			};
		}

	}

	@AfterAll
	static void stop() {
		services.stop();
		running.stop();
	}

	@BeforeEach
	void client() {
		this.http = TestServices.client(this.port);
		running.resetAll();
	}

	@Test
	void shouldSendACommandTheCrashedReplicaRefusedToTheRunningOneOnce() {
		running.stubFor(post(urlPathEqualTo("/addCamera")).willReturn(okJson("{\"id\":\"added\"}")));
		String body = "{\"name\":\"Door\",\"rtspUrl\":\"rtsp://192.168.1.20/stream\"}";

		for (int i = 0; i < 8; i++) {
			this.http.post()
				.uri("/addCamera")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestServices.token(signingKeys, "alice-id"))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("{\"id\":\"added\"}");
		}

		assertThat(running.findAll(postRequestedFor(urlPathEqualTo("/addCamera")).withRequestBody(equalToJson(body))))
			.as("each command once, with its body")
			.hasSize(8);
	}

	@Test
	void shouldNotTryTheCrashedReplicaAgainWithinItsQuarantine() {
		running.stubFor(get(urlPathEqualTo("/cameras")).willReturn(okJson("[]")));
		this.refusals.set(0);

		for (int i = 0; i < 8; i++) {
			this.http.get()
				.uri("/cameras")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestServices.token(signingKeys, "alice-id"))
				.exchange()
				.expectStatus()
				.isOk();
		}

		// Round robin alone would try it for every other pick; a retried request could
		// meet it again, when other requests came between its tries.
		assertThat(this.refusals.get()).as("connections the crashed replica refused").isLessThanOrEqualTo(1);
	}

	@Test
	void shouldNeverSendAgainARequestAReplicaAnswered() {
		running.stubFor(get(urlPathEqualTo("/cameras")).willReturn(aResponse().withStatus(503)));

		for (int i = 0; i < 4; i++) {
			this.http.get()
				.uri("/cameras")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestServices.token(signingKeys, "alice-id"))
				.exchange();
		}

		assertThat(running.findAll(anyRequestedFor(urlPathEqualTo("/cameras")))).hasSize(4);
	}

	@Test
	void shouldOpenEverySocketIoSessionOnTheRunningReplicaWhereItsNameLeads() {
		running.stubFor(get(urlPathEqualTo("/socket.io/")).willReturn(ok("socket.io answer")));

		for (int i = 0; i < 8; i++) {
			this.http.get()
				.uri("/socket.io/?EIO=4&transport=polling")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("socket.io answer");
		}

		List<LoggedRequest> handshakes = running.findAll(anyRequestedFor(urlPathMatching("/socket.io/.*")));
		assertThat(handshakes).hasSize(8).allSatisfy((handshake) -> {
			String session = handshake.getHeader("io");
			assertThat(UUID.fromString(session).toString()).isEqualTo(session);
			// The session's next requests are sent by its name: to the running replica.
			String next = "/socket.io/?EIO=4&transport=polling&sid=" + session;
			running.resetRequests();
			this.http.get().uri(next).exchange().expectStatus().isOk();
			assertThat(running.findAll(anyRequestedFor(urlPathMatching("/socket.io/.*")))).hasSize(1);
		});
	}

}
