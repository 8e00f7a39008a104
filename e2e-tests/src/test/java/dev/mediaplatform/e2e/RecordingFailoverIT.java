package dev.mediaplatform.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.PortGuard;
import dev.mediaplatform.localstack.RtspTestCamera;
import dev.mediaplatform.localstack.ServiceProcess;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.mediaplatform.e2e.RecordingIT.fetch;
import static dev.mediaplatform.e2e.RecordingIT.list;
import static dev.mediaplatform.e2e.RecordingIT.probe;
import static dev.mediaplatform.e2e.RecordingIT.put;
import static dev.mediaplatform.e2e.RecordingIT.recordings;
import static dev.mediaplatform.e2e.WorkerFailoverIT.assignedPartitions;
import static dev.mediaplatform.e2e.WorkerFailoverIT.camerasOn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker killed outright (SIGKILL) in the middle of a recording chunk: the worker that
 * takes the camera over closes the chunk at its last complete fragment, announces it, and
 * records on. Nothing more than the fragment in progress (at most a second) is lost, and
 * every chunk decodes.
 */
class RecordingFailoverIT {

	@Test
	void shouldLoseAtMostTheFragmentInProgressWhenTheRecordingWorkerIsKilled() throws Exception {
		ApiClient gateway = SharedPlatform.gateway();
		int firstPort = SharedPlatform.get().settings().ports().worker();
		int secondPort = PortGuard.freePort();
		ServiceProcess second = SharedPlatform.get().startWorker("recorder-two", secondPort);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (assignedPartitions(firstPort) == 0 || assignedPartitions(secondPort) == 0) {
			assertThat(System.nanoTime()).as("both workers own partitions within 60 s").isLessThan(deadline);
			Thread.sleep(200);
		}
		TestUser alice = TestUser.register(gateway, "crash");
		List<String> cameras = new ArrayList<>();
		try (RtspTestCamera camera = RtspTestCamera.start(RtspTestCamera.Options.defaults().withMounts(8))) {
			// Cameras land on partitions by id: add recording cameras until one runs on
			// the
			// worker to be killed.
			String victim = null;
			for (int mount = 1; mount <= 8 && victim == null; mount++) {
				String id = RecordingIT.addCamera(alice, camera.url(mount));
				cameras.add(id);
				assertThat(put("/api/v1/cameras/" + id + "/recording", "{\"enabled\":true}", alice.token()).status())
					.isEqualTo(200);
				long placed = System.nanoTime() + Duration.ofSeconds(30).toNanos();
				while (System.nanoTime() < placed && !camerasOn(firstPort).contains(id)
						&& !camerasOn(secondPort).contains(id)) {
					Thread.sleep(200);
				}
				if (camerasOn(secondPort).contains(id)) {
					victim = id;
				}
			}
			assertThat(victim).as("a recording camera on the second worker").isNotNull();
			String id = victim;
			RecordingIT.awaitCompleteChunks(alice, id, 1);
			// Well into the next chunk.
			Thread.sleep(RecordingIT.CHUNK_SECONDS * 1000L / 2 + 500);

			Instant killedAt = Instant.now();
			second.process().kill();

			// The new owner announces the cut-off chunk, then records on.
			JsonNode recovered = awaitChunk(alice, id, (chunk) -> chunk.path("recovered").asBoolean());
			JsonNode next = awaitChunk(alice, id, (chunk) -> chunk.path("complete").asBoolean()
					&& Instant.parse(chunk.path("startedAt").asString()).isAfter(killedAt));
			Instant recoveredEnd = Instant.parse(recovered.path("endedAt").asString());
			Instant resumed = Instant.parse(next.path("startedAt").asString());
			Duration outage = Duration.between(killedAt, resumed);
			Duration gap = Duration.between(recoveredEnd, resumed);
			System.out.println(
					"recording takeover: outage " + outage.toMillis() + " ms, timeline gap " + gap.toMillis() + " ms");
			assertThat(gap).as("the timeline's gap against the outage").isLessThanOrEqualTo(outage.plusSeconds(1));
			assertThat(camerasOn(firstPort)).contains(id);

			for (JsonNode chunk : list(alice, id)) {
				if (!chunk.path("complete").asBoolean()) {
					continue;
				}
				HttpResponse<byte[]> file = fetch(recordings(id) + "/" + chunk.path("id").asString(), alice.token());
				assertThat(file.statusCode()).isEqualTo(200);
				assertThat(probe(file.body())).as("chunk " + chunk)
					.contains("codec_name=h264")
					.containsPattern("nb_read_frames=[1-9][0-9]*");
			}
		}
		finally {
			second.process().kill();
			for (String id : cameras) {
				gateway.post("/deleteCamera", java.util.Map.of("cameraId", id), alice.auth());
			}
		}
	}

	static JsonNode awaitChunk(TestUser user, String cameraId, java.util.function.Predicate<JsonNode> matching)
			throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (true) {
			Optional<JsonNode> found = list(user, cameraId).stream().filter(matching).findFirst();
			if (found.isPresent()) {
				return found.get();
			}
			assertThat(System.nanoTime()).as("a matching chunk of " + cameraId + ": " + list(user, cameraId))
				.isLessThan(deadline);
			Thread.sleep(500);
		}
	}

}
