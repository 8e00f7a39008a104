package dev.mediaplatform.camera.camera;

import java.time.Instant;
import java.util.List;

import dev.mediaplatform.localstack.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The camera queries and indexes on the MongoDB wire-protocol server the local platform
 * uses, without the rest of the service.
 */
@DataMongoTest
class CameraRepositoryTests {

	static final EmbeddedMongo mongo = EmbeddedMongo.startInMemory();

	static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

	@Autowired
	CameraRepository cameras;

	@Autowired
	MongoTemplate template;

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> mongo.connectionString("camera-repository-test"));
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@BeforeEach
	void empty() {
		this.cameras.deleteAll();
	}

	@Test
	void shouldIndexOwnersSharesAndPendingPublishes() {
		List<String> indexed = this.template.indexOps(Camera.class)
			.getIndexInfo()
			.stream()
			.flatMap((index) -> index.getIndexFields().stream())
			.map((field) -> field.getKey())
			.toList();

		assertThat(indexed).contains("ownerId", "shares.userId", "pendingPublish");
		assertThat(this.template.indexOps(Camera.class).getIndexInfo()).extracting(IndexInfo::getName)
			.contains("shares_user");
	}

	@Test
	void shouldFindWhatAUserOwnsOrWasGivenButNotDeletedOrOthersCameras() {
		Camera porch = save(camera("alice", "Porch"));
		Camera attic = camera("bob", "Attic");
		attic.share("alice", "alice", Role.VIEWER, NOW);
		save(attic);
		Camera gone = camera("alice", "Gone");
		gone.markDeleted(NOW);
		save(gone);
		save(camera("carol", "Garden"));

		Page<Camera> page = this.cameras.findVisibleTo("alice", PageRequest.of(0, 1, Sort.by("name")));

		assertThat(page.getTotalElements()).isEqualTo(2);
		assertThat(page.getContent()).extracting(Camera::getName).containsExactly("Attic");
		assertThat(this.cameras.findAllVisibleTo("alice")).extracting(Camera::getId)
			.containsExactlyInAnyOrder(porch.getId(), attic.getId());
	}

	@Test
	void shouldFindOnlyCamerasWhoseDesiredStateKafkaHasNotAcknowledged() {
		Camera published = camera("alice", "Porch");
		published.published(published.getGeneration());
		save(published);
		Camera pending = save(camera("alice", "Attic"));

		assertThat(this.cameras.findByPendingPublishTrue()).extracting(Camera::getId).containsExactly(pending.getId());
	}

	@Test
	void shouldStoreTheObservedStateByItsName() {
		Camera camera = camera("alice", "Porch");
		camera.observe(new Camera.Status(CameraState.RECONNECTING, "worker-1", NOW, "lost", false, 2,
				RecordingState.OFF, null));
		save(camera);

		Document stored = this.template.getCollection("cameras").find(new Document("_id", camera.getId())).first();
		assertThat(stored.get("status", Document.class).getString("state")).isEqualTo("RECONNECTING");
		assertThat(this.cameras.findById(camera.getId()).orElseThrow().getStatus().state())
			.isEqualTo(CameraState.RECONNECTING);
	}

	private Camera save(Camera camera) {
		return this.cameras.save(camera);
	}

	private static Camera camera(String ownerId, String name) {
		return new Camera(ownerId, ownerId, name, Transport.TCP, NOW);
	}

}
