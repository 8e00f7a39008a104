package dev.mediaplatform.camera;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.mediaplatform.localstack.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** camera-service on the MongoDB wire-protocol server the local platform uses. */
@EmbeddedKafka(partitions = 1)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
class CameraServiceApplicationTests {

	static final EmbeddedMongo mongo = EmbeddedMongo.startInMemory();

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongoTemplate;

	static final int socketIoPort = dev.mediaplatform.localstack.PortGuard.freePort();

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("camera.realtime.port", () -> socketIoPort);
		registry.add("spring.mongodb.uri", () -> mongo.connectionString("cameras-test"));
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@Test
	void shouldReportMongoInReadinessWhenStarted() throws Exception {
		HttpResponse<String> readiness = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health/readiness"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(readiness.body()).contains("\"mongo\":{\"status\":\"UP\"}");
		assertThat(readiness.statusCode()).isEqualTo(200);
	}

	@Test
	void shouldStoreDocumentsInTheConfiguredDatabase() {
		this.mongoTemplate.insert(new Document("name", "porch"), "probe");
		assertThat(this.mongoTemplate.getDb().getName()).isEqualTo("cameras-test");
		assertThat(this.mongoTemplate.findAll(Document.class, "probe")).extracting((doc) -> doc.get("name"))
			.contains("porch");
	}

}
