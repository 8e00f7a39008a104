package dev.mediaplatform.camera;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same service against the real MongoDB image used by docker-compose and Kubernetes;
 * needs Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = "eureka.client.enabled=false")
class CameraServiceMongoContainerTests {

	@Container
	@ServiceConnection
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:8.0");

	@Autowired
	MongoTemplate mongoTemplate;

	@Test
	void shouldStoreDocumentsInRealMongo() {
		this.mongoTemplate.insert(new Document("name", "garage"), "probe");
		assertThat(this.mongoTemplate.findAll(Document.class, "probe")).extracting((doc) -> doc.get("name"))
			.contains("garage");
	}

}
