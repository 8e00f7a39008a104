package dev.mediaplatform.worker;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker against the real apache/kafka image used by docker-compose; needs Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = { "eureka.client.enabled=false", "worker.storage-dir=target/test-storage" })
class StreamWorkerKafkaContainerTests {

	@Container
	@ServiceConnection
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.2");

	@Autowired
	Admin kafkaHealthAdmin;

	@Test
	void shouldReachTheRealBroker() throws Exception {
		assertThat(this.kafkaHealthAdmin.describeCluster().nodes().get()).isNotEmpty();
	}

}
