package dev.mediaplatform.camera.command;

import dev.mediaplatform.camera.TestAuthService;
import dev.mediaplatform.camera.camera.Caller;
import dev.mediaplatform.camera.camera.Camera;
import dev.mediaplatform.camera.camera.CameraRepository;
import dev.mediaplatform.camera.camera.CameraService;
import dev.mediaplatform.camera.camera.CameraView;
import dev.mediaplatform.camera.stream.StreamService;
import dev.mediaplatform.localstack.EmbeddedMongo;
import dev.mediaplatform.localstack.PortGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doReturn;

/**
 * A desired state Kafka did not acknowledge stays pending in MongoDB and is published by
 * the reconciler.
 */
@EmbeddedKafka(partitions = 1)
@SpringBootTest(properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
		"camera.topics.reconcile-interval=1h" })
class ReconcilerTests {

	static final EmbeddedMongo mongo = EmbeddedMongo.startInMemory();

	static final int socketIoPort = PortGuard.freePort();

	@Autowired
	CameraService cameras;

	@Autowired
	StreamService streams;

	@Autowired
	CommandOutbox outbox;

	@Autowired
	CameraRepository repository;

	@MockitoSpyBean
	CommandPublisher publisher;

	@DynamicPropertySource
	static void stores(DynamicPropertyRegistry registry) {
		registry.add("camera.realtime.port", () -> socketIoPort);
		registry.add("spring.mongodb.uri", () -> mongo.connectionString("reconciler-test"));
		registry.add("spring.cloud.discovery.client.simple.instances.auth-service[0].uri", TestAuthService::url);
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@Test
	void shouldKeepAnUnacknowledgedStatePendingAndPublishItOnTheNextReconcile() {
		TestAuthService.User owner = TestAuthService.user("reconcile-owner");
		Caller caller = new Caller(owner.id(), owner.username(), owner.token());
		doReturn(false).when(this.publisher).publish(any());

		CameraView camera = this.cameras.add(caller, "Attic", "rtsp://attic.local/live", null);
		this.streams.startStream(caller, camera.id());

		Camera stored = this.repository.findById(camera.id()).orElseThrow();
		assertThat(stored.isStreaming()).as("MongoDB holds the change even though Kafka did not take it").isTrue();
		assertThat(stored.isPendingPublish()).isTrue();

		doCallRealMethod().when(this.publisher).publish(any());
		this.outbox.reconcile();

		assertThat(this.repository.findById(camera.id()).orElseThrow().isPendingPublish()).isFalse();
	}

}
