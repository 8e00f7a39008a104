package dev.mediaplatform.camera.recording;

import java.util.List;

import dev.mediaplatform.localstack.EmbeddedMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recordings catalogue's queries and its index on the MongoDB wire-protocol server
 * the local platform uses, without the rest of the service.
 */
@DataMongoTest
@Import(RecordingCatalogue.class)
class RecordingCatalogueTests {

	static final EmbeddedMongo mongo = EmbeddedMongo.startInMemory();

	static final String CAMERA = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	static final String OTHER = "9b2f6c1e-5d7a-4e3b-8c1d-2a4f6e8b0c13";

	static final long MINUTE = 60_000;

	@Autowired
	RecordingCatalogue catalogue;

	@Autowired
	MongoTemplate template;

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> mongo.connectionString("recording-catalogue-test"));
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@BeforeEach
	void empty() {
		this.template.remove(new Query(), Recording.class);
	}

	@Test
	void shouldIndexChunksByCameraAndStart() {
		IndexInfo index = this.template.indexOps(Recording.class)
			.getIndexInfo()
			.stream()
			.filter((info) -> info.getName().equals("camera_start"))
			.findFirst()
			.orElseThrow();

		assertThat(index.getIndexFields()).extracting((field) -> field.getKey())
			.containsExactly("cameraId", "startMillis");
	}

	@Test
	void shouldNeverReplaceAClosedChunkWithAnOpenedOne() {
		this.catalogue.closed(closed(CAMERA, 0));

		assertThat(this.catalogue.opened(opened(CAMERA, 0))).isFalse();
		assertThat(this.catalogue.find(CAMERA, 0)).hasValueSatisfying((chunk) -> assertThat(chunk.complete()).isTrue());
	}

	@Test
	void shouldPageTheChunksOverlappingARangeInChronologicalOrder() {
		for (long start : List.of(2 * MINUTE, 0L, MINUTE)) {
			this.catalogue.closed(closed(CAMERA, start));
		}
		this.catalogue.opened(opened(CAMERA, 3 * MINUTE));
		this.catalogue.closed(closed(OTHER, MINUTE));

		Page<Recording> page = this.catalogue.page(CAMERA, MINUTE + 1, 10 * MINUTE, PageRequest.of(0, 2));

		assertThat(page.getTotalElements()).as("the chunk that ended at the range's start is left out").isEqualTo(3);
		assertThat(page.getContent()).extracting(Recording::startMillis).containsExactly(MINUTE, 2 * MINUTE);
		assertThat(this.catalogue.playable(CAMERA, MINUTE + 1, 10 * MINUTE)).extracting(Recording::startMillis)
			.as("the chunk being written has nothing settled yet")
			.containsExactly(MINUTE, 2 * MINUTE);
	}

	@Test
	void shouldPlayTheChunkBeingWrittenAsFarAsItsLatestProgressAndNeverGoBack() {
		this.catalogue.closed(closed(CAMERA, 0));
		this.catalogue.opened(opened(CAMERA, MINUTE));

		assertThat(this.catalogue.progressed(progress(CAMERA, MINUTE, 2))).isTrue();
		assertThat(this.catalogue.progressed(progress(CAMERA, MINUTE, 3))).isTrue();
		assertThat(this.catalogue.progressed(progress(CAMERA, MINUTE, 2))).as("an older progress").isFalse();

		List<Recording> playable = this.catalogue.playable(CAMERA, MINUTE / 2, 10 * MINUTE);
		assertThat(playable).extracting(Recording::startMillis).containsExactly(0L, MINUTE);
		Recording open = playable.get(1);
		assertThat(open.complete()).isFalse();
		assertThat(open.endMillis()).isNull();
		assertThat(open.durationMillis()).isNull();
		assertThat(open.initSize()).isEqualTo(700);
		assertThat(open.segments()).hasSize(3);
	}

	@Test
	void shouldNeitherTurnAClosedChunkBackIntoAGrowingOneNorBringBackADeletedOne() {
		this.catalogue.closed(closed(CAMERA, 0));

		assertThat(this.catalogue.progressed(progress(CAMERA, 0, 5))).isFalse();
		assertThat(this.catalogue.progressed(progress(CAMERA, MINUTE, 1))).isFalse();

		assertThat(this.catalogue.find(CAMERA, 0)).hasValueSatisfying((chunk) -> {
			assertThat(chunk.complete()).isTrue();
			assertThat(chunk.initSize()).isEqualTo(800);
		});
		assertThat(this.catalogue.find(CAMERA, MINUTE)).isEmpty();
	}

	@Test
	void shouldTotalAndRemoveOneCamerasChunksOnly() {
		this.catalogue.closed(closed(CAMERA, 0));
		this.catalogue.closed(closed(CAMERA, MINUTE));
		this.catalogue.closed(closed(OTHER, 0));

		assertThat(this.catalogue.totals(CAMERA)).isEqualTo(new RecordingCatalogue.Totals(2 * 1000, 2, 0L, MINUTE));
		assertThat(this.catalogue.removeCamera(CAMERA)).isEqualTo(2);
		assertThat(this.catalogue.totals(CAMERA)).isEqualTo(new RecordingCatalogue.Totals(0, 0, null, null));
		assertThat(this.catalogue.find(OTHER, 0)).isPresent();
	}

	private static Recording closed(String cameraId, long start) {
		return new Recording(Recording.id(cameraId, start), cameraId, start, start + MINUTE, MINUTE, 1000, "h264", true,
				false, 800L, List.of(), "recordings/" + cameraId + "/" + start + ".mp4", "worker-1");
	}

	private static Recording progress(String cameraId, long start, int segments) {
		return new Recording(Recording.id(cameraId, start), cameraId, start, null, null, 0, "h264", false, false, 700L,
				java.util.stream.IntStream.range(0, segments)
					.mapToObj((i) -> new Recording.Segment(700 + 1000L * i, 1000, 1000))
					.toList(),
				"recordings/" + cameraId + "/" + start + ".mp4", "worker-1");
	}

	private static Recording opened(String cameraId, long start) {
		return new Recording(Recording.id(cameraId, start), cameraId, start, null, null, 0, "h264", false, false, null,
				List.of(), "recordings/" + cameraId + "/" + start + ".mp4", "worker-1");
	}

}
