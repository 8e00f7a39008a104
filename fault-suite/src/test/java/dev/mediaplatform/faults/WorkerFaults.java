package dev.mediaplatform.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.mediaplatform.faults.Workers.Worker;
import dev.mediaplatform.localstack.WorkerMetrics;

/**
 * Faults of a stream worker: each trial hits the worker running most of the cameras, and
 * every camera it ran must play again from a new run on another worker (its playlist
 * lists a segment of the new run). A killed or stopped worker is replaced by a new one
 * before the next trial; a paused one runs again and rejoins. After a pause or a cut,
 * {@link HandoverAudit} checks that the worker wrote nothing after the handover.
 */
final class WorkerFaults {

	/** What is done to the worker. */
	enum Fault {

		/** SIGKILL, as a crash or the out-of-memory killer does. */
		KILL,

		/** SIGSTOP past its session timeout, then SIGCONT, as a long pause does. */
		PAUSE,

		/** Its connections to the broker closed, not those to storage or cameras. */
		CUT,

		/** SIGTERM, as a pod's stop does. */
		STOP

	}

	private final FaultPlatform platform;

	private final Workers workers;

	private final List<String> cameras;

	WorkerFaults(FaultPlatform platform, Workers workers, List<String> cameras) {
		this.platform = platform;
		this.workers = workers;
		this.cameras = cameras;
	}

	/**
	 * Trials of one worker fault.
	 * @param name the fault as the table names it
	 * @param goal the recovery goal as the table states it
	 */
	FaultTable.Row run(String name, String goal, int trials, Fault fault) throws Exception {
		List<Long> recoveries = new ArrayList<>();
		int failed = 0;
		int twoWriters = 0;
		int endLists = 0;
		long unrecoveredChunks = 0;
		for (int trial = 1; trial <= trials; trial++) {
			// The worker to cut off reaches the broker through the proxy only.
			Worker victim = (fault == Fault.CUT) ? this.workers.settledOn(this.workers.start(true), this.cameras)
					: this.workers.settledVictim(this.cameras);
			Set<String> moving = Workers.ours(WorkerMetrics.camerasOn(victim.port()), this.cameras);
			Map<String, String> oldRuns = new HashMap<>();
			for (String id : moving) {
				oldRuns.put(id, this.platform.files(id).playingRun());
			}
			long wallBefore = System.currentTimeMillis();
			long started = System.nanoTime();
			CompletableFuture<Void> stopping = CompletableFuture.completedFuture(null);
			switch (fault) {
				case KILL -> victim.process().kill();
				case PAUSE -> victim.process().pause();
				case CUT -> this.platform.proxy().cut();
				case STOP -> stopping = CompletableFuture.runAsync(() -> victim.process().stop(Duration.ofSeconds(30)));
			}
			Map<String, Long> recovered = new HashMap<>();
			Set<String> ended = new HashSet<>();
			while (recovered.size() < moving.size() && System.nanoTime() - started < FaultPlatform.LIMIT.toNanos()) {
				for (String id : moving) {
					LiveFiles live = this.platform.files(id);
					if (live.playlist().contains("#EXT-X-ENDLIST")) {
						ended.add(id);
					}
					String run = live.playingRun();
					if (!recovered.containsKey(id) && run != null && !run.equals(oldRuns.get(id))) {
						recovered.put(id, (System.nanoTime() - started) / 1_000_000);
					}
				}
				Thread.sleep(50);
			}
			recoveries.addAll(recovered.values());
			failed += moving.size() - recovered.size();
			endLists += ended.size();
			System.out.printf("fault-suite: %s, trial %d: %s from %d cameras, %s%n", name, trial, victim.name(),
					moving.size(), recovered.values().stream().map(FaultTable::seconds).toList());
			if (fault == Fault.PAUSE || fault == Fault.CUT) {
				HandoverAudit audit = new HandoverAudit(this.platform, moving, oldRuns, wallBefore);
				if (fault == Fault.PAUSE) {
					victim.process().resume();
				}
				twoWriters += audit.writesAfterHandover();
			}
			if (fault == Fault.CUT) {
				// Its consumer learns that it lost its partitions, and it leaves.
				this.platform.proxy().heal();
				Thread.sleep(3_000);
				victim.process().stop(Duration.ofSeconds(30));
				this.workers.remove(victim);
			}
			else if (fault != Fault.PAUSE) {
				stopping.join();
				this.workers.remove(victim);
			}
			// Every chunk the worker left open is recovered by the next owner.
			Thread.sleep(3_000);
			for (String id : moving) {
				unrecoveredChunks += this.platform.files(id).openMarkersBefore(wallBefore);
			}
		}
		List<String> lost = new ArrayList<>();
		if (unrecoveredChunks > 0) {
			lost.add(unrecoveredChunks + " recording chunks left open");
		}
		if (endLists > 0) {
			lost.add(endLists + " playlists ended (players stop)");
		}
		return new FaultTable.Row(name, goal, trials, recoveries, failed,
				lost.isEmpty() ? "none" : String.join(", ", lost), twoWriters);
	}

}
