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

/**
 * A registry that restarts empty, as shipped: it takes registrations at once but does not
 * hand an empty registry to clients while the services register again, so they keep
 * routing with the one they had.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.register-with-eureka=false", "eureka.client.fetch-registry=false" })
class RestartedRegistryTests {

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void shouldTakeRegistrationsButNotServeAnEmptyRegistryRightAfterStarting() throws Exception {
		HttpResponse<String> apps = send(HttpRequest.newBuilder(uri("/eureka/apps")).GET());
		assertThat(apps.statusCode()).as("clients keep the registry they had").isEqualTo(403);
		String instance = """
				{"instance":{"instanceId":"camera-service-1","hostName":"127.0.0.1","app":"CAMERA-SERVICE",
				"ipAddr":"127.0.0.1","status":"UP","port":{"$":8082,"@enabled":"true"},
				"dataCenterInfo":{"@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"}}}
				""";
		HttpResponse<String> registered = send(HttpRequest.newBuilder(uri("/eureka/apps/CAMERA-SERVICE"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(instance)));
		assertThat(registered.statusCode()).isEqualTo(204);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.header("Accept", "application/json").build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
