package dev.mediaplatform.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.mediaplatform.localstack.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker restarts while users change cameras: live view stopped on one camera (it
 * records on, so its playlist ends and its worker keeps the camera) and recording
 * switched off on another while it is down must take effect once it is back
 * (camera-service keeps what it could not publish and its reconciler publishes it again),
 * and the streams that ran go on. Recovery: from the broker answering again until both
 * took effect.
 */
final class BrokerRestart {

	private final FaultPlatform platform;

	BrokerRestart(FaultPlatform platform) {
		this.platform = platform;
	}

	/**
	 * @param stopping a recording camera whose live view is stopped while the broker is
	 * down
	 * @param unrecording a recording camera whose recording is switched off meanwhile
	 */
	FaultTable.Row run(int trials, String stopping, String unrecording) throws InterruptedException {
		List<Long> recoveries = new ArrayList<>();
		int failed = 0;
		List<String> lost = new ArrayList<>();
		assertThat(this.platform.view(stopping).path("recording").asBoolean()).as("it records on without live view")
			.isTrue();
		for (int trial = 1; trial <= trials; trial++) {
			CompletableFuture<Void> restart = CompletableFuture.runAsync(this.platform.stack()::restartKafka);
			// Down by now: stopping the broker takes a few seconds, starting it again
			// longer.
			Thread.sleep(1_500);
			ApiClient.Response stopped = this.platform.post("/stopStream", Map.of("cameraId", stopping));
			ApiClient.Response unrecorded = this.platform.post("/recordStream",
					Map.of("cameraId", unrecording, "enabled", false));
			System.out.printf("fault-suite: while the broker was down: stopStream %d %s, recordStream %d %s%n",
					stopped.status(), stopped.body(), unrecorded.status(), unrecorded.body());
			if (stopped.status() != 200 || unrecorded.status() != 200) {
				lost.add("commands refused while the broker was down (" + stopped.status() + ", " + unrecorded.status()
						+ ")");
			}
			restart.join();
			long up = System.nanoTime();
			Long recovered = null;
			while (recovered == null && System.nanoTime() - up < FaultPlatform.LIMIT.toNanos()) {
				// The camera records on: live view off ends its playlist, and its worker
				// keeps the connection for the recording.
				boolean ended = this.platform.files(stopping).playlist().contains("#EXT-X-ENDLIST");
				boolean off = "OFF".equals(this.platform.view(unrecording).path("recordingStatus").asString());
				if (ended && off) {
					recovered = (System.nanoTime() - up) / 1_000_000;
				}
				Thread.sleep(100);
			}
			System.out.printf(
					"fault-suite: broker restarted, trial %d: commands sent while it was down took effect %s%n", trial,
					(recovered != null) ? FaultTable.seconds(recovered) + " after it was back" : "never");
			if (recovered != null) {
				recoveries.add(recovered);
			}
			else {
				failed++;
				lost.add("a command sent while the broker was down never took effect");
			}
			this.platform.post("/recordStream", Map.of("cameraId", unrecording, "enabled", true));
			String before = this.platform.files(stopping).playingRun();
			this.platform.post("/startStream", Map.of("cameraId", stopping));
			if (!this.platform.awaitNewRun(stopping, before)) {
				lost.add("a stream started after the restart did not play");
			}
		}
		return new FaultTable.Row("broker restarted while live view is stopped and recording switched off",
				"every command takes effect once it is back", trials, recoveries, failed,
				lost.isEmpty() ? "none" : String.join(", ", lost), 0);
	}

}
