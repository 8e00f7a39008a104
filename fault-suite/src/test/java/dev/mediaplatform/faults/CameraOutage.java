package dev.mediaplatform.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.mediaplatform.localstack.RtspTestCamera;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A camera that goes away for 3 s and comes back, mid-stream and at the start of a
 * stream: the time from its return until its playlist has a segment of the new run. The
 * camera stays on afterwards, to show that the platform goes on after later faults.
 */
final class CameraOutage {

	private final FaultPlatform platform;

	private final RtspTestCamera flaky;

	private String id;

	/**
	 * @param flaky the camera's server, which the trials stop and start
	 */
	CameraOutage(FaultPlatform platform, RtspTestCamera flaky) {
		this.platform = platform;
		this.flaky = flaky;
	}

	/** The flaky camera, added and playing the first time it is asked for. */
	String camera() throws InterruptedException {
		if (this.id == null) {
			this.id = this.platform.addCamera("Flaky", this.flaky.url(1));
			this.platform.awaitPlaying(this.id);
		}
		return this.id;
	}

	FaultTable.Row run(int trials) throws InterruptedException {
		String id = camera();
		List<Long> recoveries = new ArrayList<>();
		int failed = 0;
		for (int trial = 1; trial <= trials; trial++) {
			boolean atStart = trial % 2 == 0;
			String before = this.platform.files(id).playingRun();
			this.flaky.stop();
			if (atStart) {
				assertThat(this.platform.post("/stopStream", Map.of("cameraId", id)).status()).isEqualTo(200);
				assertThat(this.platform.post("/startStream", Map.of("cameraId", id)).status()).isEqualTo(200);
			}
			Thread.sleep(3_000);
			this.flaky.restart();
			long back = System.nanoTime();
			Long recovered = null;
			while (recovered == null && System.nanoTime() - back < FaultPlatform.LIMIT.toNanos()) {
				String run = this.platform.files(id).playingRun();
				if (run != null && !run.equals(before)) {
					recovered = (System.nanoTime() - back) / 1_000_000;
				}
				Thread.sleep(50);
			}
			System.out.printf("fault-suite: camera down and up (%s), trial %d: %s%n",
					atStart ? "at start" : "mid-stream", trial,
					(recovered != null) ? FaultTable.seconds(recovered) : "not recovered");
			if (recovered != null) {
				recoveries.add(recovered);
			}
			else {
				failed++;
			}
		}
		return new FaultTable.Row("camera down 3 s and up, mid-stream and at start", "live within 2 s of its return",
				trials, recoveries, failed, "none", 0);
	}

}
