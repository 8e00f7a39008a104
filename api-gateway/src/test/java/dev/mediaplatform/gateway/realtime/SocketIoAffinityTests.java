package dev.mediaplatform.gateway.realtime;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.mediaplatform.gateway.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Socket.IO through the real gateway in front of two camera-service replicas (stand-ins
 * that answer on the port their metadata announces for Socket.IO): every session is named
 * by the gateway and each of its requests reaches the same replica.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SocketIoAffinityTests {

	static final WireMockServer services = TestServices.start(TestServices.rsa());

	/** Two replicas, each announcing its own port as its Socket.IO port. */
	static final List<WireMockServer> replicas = List.of(socketIo(), socketIo());

	@LocalServerPort
	int port;

	WebTestClient http;

	static WireMockServer socketIo() {
		WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
		server.start();
		server.stubFor(get(urlPathEqualTo("/socket.io/")).willReturn(ok("socket.io answer")));
		return server;
	}

	@DynamicPropertySource
	static void platform(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.auth-service[0].uri", services::baseUrl);
		for (int i = 0; i < replicas.size(); i++) {
			WireMockServer replica = replicas.get(i);
			String prefix = "spring.cloud.discovery.client.simple.instances.camera-service[" + i + "].";
			registry.add(prefix + "uri", () -> "http://127.0.0.1:" + replica.port());
			registry.add(prefix + "metadata.socketio-port", () -> Integer.toString(replica.port()));
		}
	}

	@AfterAll
	static void stop() {
		services.stop();
		replicas.forEach(WireMockServer::stop);
	}

	@BeforeEach
	void client() {
		this.http = TestServices.client(this.port);
		replicas.forEach(WireMockServer::resetRequests);
	}

	void poll(String query, String... headers) {
		WebTestClient.RequestHeadersSpec<?> request = this.http.get()
			.uri("/socket.io/?EIO=4&transport=polling" + query);
		for (int i = 0; i < headers.length; i += 2) {
			request = request.header(headers[i], headers[i + 1]);
		}
		request.exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("socket.io answer");
	}

	/** Which replica got each request, and the session header it carried. */
	Map<Integer, List<LoggedRequest>> received() {
		return Map.of(0, replicas.get(0).findAll(anyRequestedFor(urlPathMatching("/socket.io/.*"))), 1,
				replicas.get(1).findAll(anyRequestedFor(urlPathMatching("/socket.io/.*"))));
	}

	@Test
	void shouldNameEveryNewSessionAndIgnoreANameTheClientSends() {
		poll("", "io", "00000000-0000-0000-0000-000000000001");

		List<LoggedRequest> all = received().values().stream().flatMap(List::stream).toList();
		assertThat(all).hasSize(1);
		String named = all.get(0).getHeader("io");
		assertThat(UUID.fromString(named).toString()).isEqualTo(named)
			.isNotEqualTo("00000000-0000-0000-0000-000000000001");
	}

	@Test
	void shouldSendEveryRequestOfASessionToTheReplicaThatHoldsIt() {
		for (int replica = 0; replica < 2; replica++) {
			String session = sessionHeldBy(replica);
			for (int i = 0; i < 6; i++) {
				poll("&sid=" + session, "io", UUID.randomUUID().toString());
			}
			Map<Integer, List<LoggedRequest>> received = received();
			assertThat(received.get(replica)).hasSize(6).allSatisfy((request) -> {
				assertThat(request.getUrl()).contains("sid=" + session);
				assertThat(request.containsHeader("io")).as("a client cannot name a session").isFalse();
			});
			assertThat(received.get(1 - replica)).isEmpty();
			replicas.forEach(WireMockServer::resetRequests);
		}
	}

	@Test
	void shouldSendAHandshakeToTheReplicaItsNewNameBelongsTo() {
		for (int i = 0; i < 10; i++) {
			poll("");
		}
		Map<Integer, List<LoggedRequest>> received = received();
		for (int replica = 0; replica < 2; replica++) {
			int holder = replica;
			assertThat(received.get(replica))
				.allSatisfy((request) -> assertThat(holderIndex(request.getHeader("io"))).isEqualTo(holder));
		}
	}

	/** A session id that rendezvous hashing places on this replica. */
	static String sessionHeldBy(int replica) {
		while (true) {
			String session = UUID.randomUUID().toString();
			if (holderIndex(session) == replica) {
				return session;
			}
		}
	}

	static int holderIndex(String session) {
		List<ServiceInstance> instances = List.of(instance(0), instance(1));
		ServiceInstance holder = SocketIoPortFilter.holderOf(session, instances).orElseThrow();
		return instances.indexOf(holder);
	}

	static ServiceInstance instance(int index) {
		DefaultServiceInstance instance = new DefaultServiceInstance("camera-service-" + replicas.get(index).port(),
				"camera-service", "127.0.0.1", replicas.get(index).port(), false,
				Map.of("socketio-port", Integer.toString(replicas.get(index).port())));
		return instance;
	}

}
