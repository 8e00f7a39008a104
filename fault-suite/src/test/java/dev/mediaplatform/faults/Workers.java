package dev.mediaplatform.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.mediaplatform.localstack.JavaProcess;
import dev.mediaplatform.localstack.PortGuard;
import dev.mediaplatform.localstack.WorkerMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream workers the faults hit: the platform's own and the ones the suite starts
 * beside it, and where the cameras run on them, as the workers' metrics tell it.
 */
final class Workers {

	/** A stream worker process and its port. */
	record Worker(String name, int port, JavaProcess process) {
	}

	private final FaultPlatform platform;

	private final List<Worker> running = new ArrayList<>();

	private int names;

	Workers(FaultPlatform platform) {
		this.platform = platform;
		this.running.add(new Worker("stream-worker", platform.stack().settings().ports().worker(),
				platform.stack().service("stream-worker").process()));
	}

	/** The workers running now, oldest first. */
	List<Worker> running() {
		return List.copyOf(this.running);
	}

	int size() {
		return this.running.size();
	}

	Worker start() throws InterruptedException {
		return start(false);
	}

	/**
	 * Starts a worker, which reaches the broker through the cuttable proxy if asked, and
	 * waits until it owns partitions.
	 */
	Worker start(boolean throughProxy) throws InterruptedException {
		String name = "fault-worker-" + (++this.names);
		int port = PortGuard.freePort();
		JavaProcess process = this.platform.stack().startWorker(name, port, throughProxy).process();
		Worker worker = new Worker(name, port, process);
		this.running.add(worker);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (WorkerMetrics.assignedPartitions(port) == 0) {
			assertThat(System.nanoTime()).as("%s owns partitions within 60 s", name).isLessThan(deadline);
			Thread.sleep(200);
		}
		return worker;
	}

	/** Forgets a worker that was stopped or killed, or that the caller stops now. */
	void remove(Worker worker) {
		this.running.remove(worker);
	}

	/** Stops the newest workers until only the platform's first one is left. */
	void stopAllButOne() {
		while (this.running.size() > 1) {
			Worker leaving = this.running.remove(this.running.size() - 1);
			leaving.process().stop(Duration.ofSeconds(30));
		}
	}

	/**
	 * After a fault that failed half-way: forgets the workers that died and lets any that
	 * was left paused run again.
	 */
	void restore() {
		this.running.removeIf((worker) -> !worker.process().isAlive());
		this.running.forEach((worker) -> worker.process().resume());
	}

	/**
	 * Waits until every camera runs on exactly one worker, which wrote a segment of it
	 * within the last 3 seconds; returns each camera's worker.
	 */
	Map<String, String> settledOwners(List<String> cameras) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
		while (true) {
			Map<String, String> owners = new HashMap<>();
			boolean twice = false;
			Set<String> playing = new HashSet<>();
			for (Worker worker : this.running) {
				for (String id : ours(WorkerMetrics.camerasOn(worker.port()), cameras)) {
					twice |= owners.put(id, worker.name()) != null;
				}
				playing.addAll(ours(WorkerMetrics.playingOn(worker.port(), 3), cameras));
			}
			if (!twice && owners.size() == cameras.size() && playing.containsAll(cameras)) {
				return owners;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("the cameras did not settle within 180 s: " + owners.size() + " of "
						+ cameras.size() + " placed");
			}
			Thread.sleep(250);
		}
	}

	/**
	 * Two or more workers with the cameras spread and playing, and the one that runs most
	 * of them: the next victim.
	 */
	Worker settledVictim(List<String> cameras) throws InterruptedException {
		while (this.running.size() < 2) {
			start();
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		Long playingSince = null;
		while (true) {
			Map<Worker, Set<String>> placement = new LinkedHashMap<>();
			int placed = 0;
			for (Worker worker : this.running) {
				Set<String> on = ours(WorkerMetrics.camerasOn(worker.port()), cameras);
				placement.put(worker, on);
				placed += on.size();
			}
			boolean playing = cameras.stream()
				.allMatch((id) -> this.platform.files(id).playingRun() != null && fresh(id));
			Worker busiest = placement.entrySet()
				.stream()
				.max((a, b) -> Integer.compare(a.getValue().size(), b.getValue().size()))
				.orElseThrow()
				.getKey();
			boolean spread = placement.values().stream().filter((on) -> !on.isEmpty()).count() >= 2;
			if (placed == cameras.size() && playing && spread) {
				return busiest;
			}
			if (placed == cameras.size() && playing) {
				playingSince = (playingSince != null) ? playingSince : System.nanoTime();
				if (System.nanoTime() - playingSince > Duration.ofSeconds(20).toNanos()) {
					// Sticky assignment left every camera on one worker: the victim.
					return busiest;
				}
			}
			else {
				playingSince = null;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("the cameras did not settle on the workers within 120 s: " + placement);
			}
			Thread.sleep(250);
		}
	}

	/**
	 * Waits until the cameras are placed and playing, and this worker runs some of them;
	 * returns it.
	 */
	Worker settledOn(Worker worker, List<String> cameras) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
		long handOverAt = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (true) {
			Map<String, String> owners = settledOwners(cameras);
			if (owners.containsValue(worker.name())) {
				return worker;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError(worker.name() + " got no camera within 180 s: " + owners);
			}
			if (System.nanoTime() > handOverAt) {
				// Kafka's sticky assignment left it only partitions without cameras:
				// the busiest other worker stops and hands its partitions over, and a
				// fresh one takes its place.
				Worker busiest = this.running.stream()
					.filter((other) -> other != worker)
					.max((a, b) -> Long.compare(owners.values().stream().filter(a.name()::equals).count(),
							owners.values().stream().filter(b.name()::equals).count()))
					.orElseThrow();
				this.running.remove(busiest);
				busiest.process().stop(Duration.ofSeconds(30));
				start();
				handOverAt = System.nanoTime() + Duration.ofSeconds(15).toNanos();
			}
			Thread.sleep(500);
		}
	}

	/** Whether the camera's newest segment was written within the last 3 seconds. */
	private boolean fresh(String id) {
		LiveFiles live = this.platform.files(id);
		List<String> segments = LiveFiles.segments(live.playlist());
		if (segments.isEmpty()) {
			return false;
		}
		try {
			return System.currentTimeMillis()
					- Files.getLastModifiedTime(live.folder().resolve(segments.get(segments.size() - 1)))
						.toMillis() < 3_000;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** The suite's cameras among those a worker runs. */
	static Set<String> ours(Collection<String> running, List<String> cameras) {
		return running.stream().filter(cameras::contains).collect(Collectors.toSet());
	}

}
