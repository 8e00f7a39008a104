package dev.mediaplatform.faults;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Watches, for a few seconds after every camera of a worker plays elsewhere, everything
 * that worker wrote before the new owners took over: no new segment of its runs, no
 * segment of its runs listed that was not listed at the handover, no byte more in its
 * chunks. Made at the handover, it remembers what was there; a paused worker is then let
 * run again, while a worker cut off from the broker ran all along and only the lease
 * stops it.
 */
final class HandoverAudit {

	private final FaultPlatform platform;

	private final Set<String> moving;

	private final Map<String, String> oldRuns;

	private final long wallBefore;

	private final Map<String, Map<String, Long>> segmentsBefore = new HashMap<>();

	private final Map<String, Set<String>> listedBefore = new HashMap<>();

	private final Map<String, Map<String, Long>> chunksBefore = new HashMap<>();

	/**
	 * Remembers the worker's files as they are at the handover.
	 * @param moving the cameras the worker ran
	 * @param oldRuns each camera's run on that worker
	 * @param wallBefore when the fault began, in epoch milliseconds
	 */
	HandoverAudit(FaultPlatform platform, Set<String> moving, Map<String, String> oldRuns, long wallBefore) {
		this.platform = platform;
		this.moving = moving;
		this.oldRuns = oldRuns;
		this.wallBefore = wallBefore;
		// The new owners cut the chunks the paused worker left open before they started.
		for (String id : moving) {
			LiveFiles live = platform.files(id);
			String run = oldRuns.get(id);
			this.segmentsBefore.put(id, live.filesOf(run));
			this.listedBefore.put(id,
					LiveFiles.segments(live.playlist())
						.stream()
						.filter((segment) -> LiveFiles.run(segment).equals(run))
						.collect(Collectors.toSet()));
			this.chunksBefore.put(id, live.chunksBefore(wallBefore));
		}
	}

	/**
	 * Watches for 8 seconds.
	 * @return the writes seen after the handover
	 */
	int writesAfterHandover() throws InterruptedException {
		int writes = 0;
		long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
		Set<String> seenListed = new HashSet<>();
		while (System.nanoTime() < until) {
			for (String id : this.moving) {
				String run = this.oldRuns.get(id);
				for (String segment : LiveFiles.segments(this.platform.files(id).playlist())) {
					if (LiveFiles.run(segment).equals(run) && !this.listedBefore.get(id).contains(segment)) {
						seenListed.add(id + "/" + segment);
					}
				}
			}
			Thread.sleep(20);
		}
		writes += seenListed.size();
		for (String id : this.moving) {
			LiveFiles live = this.platform.files(id);
			Map<String, Long> segmentsAfter = live.filesOf(this.oldRuns.get(id));
			for (Map.Entry<String, Long> file : segmentsAfter.entrySet()) {
				Long before = this.segmentsBefore.get(id).get(file.getKey());
				if (before == null || !before.equals(file.getValue())) {
					writes++;
					System.out.println("fault-suite: written after the handover: live/" + id + "/" + file.getKey());
				}
			}
			Map<String, Long> chunksAfter = live.chunksBefore(this.wallBefore);
			for (Map.Entry<String, Long> chunk : chunksAfter.entrySet()) {
				if (!chunk.getValue().equals(this.chunksBefore.get(id).get(chunk.getKey()))) {
					writes++;
					System.out
						.println("fault-suite: written after the handover: recordings/" + id + "/" + chunk.getKey());
				}
			}
		}
		if (!seenListed.isEmpty()) {
			System.out.println("fault-suite: listed after the handover: " + seenListed);
		}
		return writes;
	}

}
