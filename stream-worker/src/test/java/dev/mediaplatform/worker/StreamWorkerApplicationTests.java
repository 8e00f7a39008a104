package dev.mediaplatform.worker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's readiness follows its Kafka cluster and its storage folder. */
class StreamWorkerApplicationTests {

	static HttpResponse<String> readiness(int port) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	@Nested
	@EmbeddedKafka
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "eureka.client.enabled=false",
					"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
					"worker.storage-dir=target/test-storage" })
	class WithKafka {

		@LocalServerPort
		int port;

		@Test
		void shouldBeReadyWhenKafkaAndStorageAreThere() throws Exception {
			HttpResponse<String> readiness = readiness(this.port);
			assertThat(readiness.statusCode()).isEqualTo(200);
			assertThat(readiness.body()).contains("\"kafka\":{\"status\":\"UP\"}")
				.contains("\"storage\":{\"status\":\"UP\"}");
		}

		@Test
		void shouldBeAliveWhileTheCommandsConsumerRuns() throws Exception {
			HttpResponse<String> liveness = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health/liveness"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(liveness.statusCode()).isEqualTo(200);
			assertThat(liveness.body()).contains("\"commands\":{\"status\":\"UP\"}");
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "eureka.client.enabled=false", "spring.kafka.bootstrap-servers=localhost:1",
					"worker.storage-dir=target/test-storage", "worker.kafka-health-timeout=500ms",
					"spring.kafka.admin.auto-create=false" })
	class WithoutKafka {

		@LocalServerPort
		int port;

		@Test
		void shouldNotBeReadyWhenKafkaIsUnreachable() throws Exception {
			HttpResponse<String> readiness = readiness(this.port);
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(readiness.body()).contains("\"kafka\":{\"status\":\"DOWN\"}");
		}

	}

}
