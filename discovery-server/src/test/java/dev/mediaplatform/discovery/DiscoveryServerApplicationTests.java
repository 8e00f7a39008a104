package dev.mediaplatform.discovery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "eureka.client.register-with-eureka=false",
		"eureka.client.fetch-registry=false", "eureka.server.wait-time-in-ms-when-sync-empty=0" })
class DiscoveryServerApplicationTests {

	@LocalServerPort
	int port;

	@Test
	void shouldServeTheRegistryAndProbesWhenStarted() throws Exception {
		HttpResponse<String> apps = get("/eureka/apps");
		assertThat(apps.statusCode()).isEqualTo(200);
		assertThat(apps.body()).contains("\"applications\"");
		assertThat(get("/actuator/health/liveness").body()).contains("\"UP\"");
		assertThat(get("/actuator/health/readiness").body()).contains("\"UP\"");
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Accept", "application/json")
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

}
