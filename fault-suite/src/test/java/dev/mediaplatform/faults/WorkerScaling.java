package dev.mediaplatform.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.mediaplatform.localstack.RtspTestCamera;

/**
 * Scales the workers from one to three and back to one with more cameras: only the
 * cameras that move to another worker may restart (cooperative rebalancing), and every
 * camera plays again. Recovery: from the first worker started (or stopped) until every
 * camera plays on its new worker.
 */
final class WorkerScaling {

	private final FaultPlatform platform;

	private final Workers workers;

	private final List<String> cameras;

	/**
	 * @param cameras the suite's cameras, to which the scaling adds its own
	 */
	WorkerScaling(FaultPlatform platform, Workers workers, List<String> cameras) {
		this.platform = platform;
		this.workers = workers;
		this.cameras = cameras;
	}

	/**
	 * @param more the server of the cameras added for the scaling
	 * @param added how many of its cameras to add
	 */
	FaultTable.Row run(RtspTestCamera more, int added) throws InterruptedException {
		this.workers.stopAllButOne();
		for (int mount = 1; mount <= added; mount++) {
			this.cameras.add(this.platform.addCamera("Scale " + mount, more.url(mount)));
			Thread.sleep(300);
		}
		Map<String, String> owners = this.workers.settledOwners(this.cameras);
		List<Long> recoveries = new ArrayList<>();
		List<String> lost = new ArrayList<>();
		int failed = 0;
		for (boolean up : new boolean[] { true, false }) {
			Map<String, String> runs = new HashMap<>();
			for (String id : this.cameras) {
				runs.put(id, this.platform.files(id).playingRun());
			}
			long started = System.nanoTime();
			if (up) {
				this.workers.start();
				this.workers.start();
			}
			else {
				this.workers.stopAllButOne();
			}
			Map<String, String> after;
			try {
				after = this.workers.settledOwners(this.cameras);
			}
			catch (AssertionError ex) {
				System.out.println("fault-suite: " + ex.getMessage());
				failed++;
				continue;
			}
			recoveries.add((System.nanoTime() - started) / 1_000_000);
			Set<String> moved = this.cameras.stream()
				.filter((id) -> !owners.get(id).equals(after.get(id)))
				.collect(Collectors.toSet());
			Set<String> restarted = this.cameras.stream()
				.filter((id) -> !runs.get(id).equals(this.platform.files(id).playingRun()))
				.collect(Collectors.toSet());
			Set<String> needless = new HashSet<>(restarted);
			needless.removeAll(moved);
			System.out.printf(
					"fault-suite: workers scaled %s: %d of %d cameras moved, %d restarted, %d of them needlessly%n",
					up ? "1 → 3" : "3 → 1", moved.size(), this.cameras.size(), restarted.size(), needless.size());
			if (!needless.isEmpty()) {
				lost.add(needless.size() + " cameras restarted that did not move (scaling " + (up ? "up" : "down")
						+ ")");
			}
			owners.putAll(after);
		}
		return new FaultTable.Row("workers scaled 1 → 3 → 1 with " + this.cameras.size() + " cameras",
				"only the cameras that move restart", 2, recoveries, failed,
				lost.isEmpty() ? "none" : String.join(", ", lost), 0);
	}

}
