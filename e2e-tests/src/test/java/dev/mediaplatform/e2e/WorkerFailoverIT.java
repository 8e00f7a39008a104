package dev.mediaplatform.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.mediaplatform.localstack.StatusWatch;
import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.PortGuard;
import dev.mediaplatform.localstack.RtspTestCamera;
import dev.mediaplatform.localstack.ServiceProcess;
import dev.mediaplatform.localstack.WorkerMetrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two stream workers share the cameras through Kafka's group protocol; when one is killed
 * outright (SIGKILL, no goodbye to the group), the other takes its cameras over within
 * the session timeout, and their playlists continue.
 */
class WorkerFailoverIT {

	static Set<String> camerasOn(int workerPort) {
		return WorkerMetrics.camerasOn(workerPort);
	}

	static int assignedPartitions(int workerPort) {
		return WorkerMetrics.assignedPartitions(workerPort);
	}

	static Set<String> ours(Set<String> running, List<String> cameras) {
		return running.stream().filter(cameras::contains).collect(Collectors.toSet());
	}

	@Test
	void shouldMoveTheCamerasOfAKilledWorkerToTheOther() throws Exception {
		ApiClient gateway = SharedPlatform.gateway();
		int firstPort = SharedPlatform.get().settings().ports().worker();
		int secondPort = PortGuard.freePort();
		ServiceProcess second = SharedPlatform.get().startWorker("worker-two", secondPort);
		// Cameras are added once the second worker has its share of the partitions: a
		// pipeline revoked in the middle of its RTSP handshake is not what this test is
		// about (the kill below is).
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (assignedPartitions(firstPort) == 0 || assignedPartitions(secondPort) == 0) {
			assertThat(System.nanoTime()).as("both workers own partitions within 60 s").isLessThan(deadline);
			Thread.sleep(200);
		}
		TestUser alice = TestUser.register(gateway, "fail");
		List<String> cameras = new ArrayList<>();
		try (RtspTestCamera camera = RtspTestCamera.start(RtspTestCamera.Options.defaults().withMounts(16));
				StatusWatch watch = StatusWatch.start(gateway, alice.token(), "websocket", SocketIoIT.clients)) {
			// Cameras land on partitions by id: add them until each worker runs some of
			// them.
			// (Other tests' cameras may run on either worker too.)
			for (int mount = 1; mount <= 16 && (ours(camerasOn(secondPort), cameras).isEmpty()
					|| ours(camerasOn(firstPort), cameras).isEmpty() || cameras.size() < 4); mount++) {
				String id = gateway
					.post("/addCamera", Map.of("name", "Failover " + mount, "rtspUrl", camera.url(mount)), alice.auth())
					.json()
					.path("id")
					.asString();
				cameras.add(id);
				assertThat(gateway.post("/startStream", Map.of("cameraId", id), alice.auth()).status()).isEqualTo(200);
				watch.awaitStatus(id, "LIVE", Duration.ofSeconds(60));
			}
			Set<String> moving = ours(camerasOn(secondPort), cameras);
			assertThat(moving).as("our cameras on the second worker").isNotEmpty();
			assertThat(ours(camerasOn(firstPort), cameras)).as("our cameras on the first worker").isNotEmpty();

			int seen = watch.size();
			second.process().kill();
			for (String id : moving) {
				watch.awaitAfter(seen, "LIVE again for " + id, (event) -> event.path("cameraId").asString().equals(id)
						&& event.path("status").asString().equals("LIVE"), Duration.ofSeconds(90));
			}
			assertThat(camerasOn(firstPort)).containsAll(cameras);
			String streamUrl = gateway.get("/api/v1/cameras/" + moving.iterator().next() + "/stream", alice.auth())
				.json()
				.path("streamUrl")
				.asString();
			// The new owner continued the killed worker's playlist.
			assertThat(gateway.get(streamUrl).body()).contains("#EXT-X-DISCONTINUITY").doesNotContain("#EXT-X-ENDLIST");
		}
		finally {
			second.process().kill();
			for (String id : cameras) {
				gateway.post("/deleteCamera", Map.of("cameraId", id), alice.auth());
			}
		}
	}

}
