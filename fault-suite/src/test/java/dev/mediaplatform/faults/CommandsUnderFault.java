package dev.mediaplatform.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.StatusWatch;

/**
 * A fault while a user keeps switching a camera's live view off and on (a command every
 * 700 ms for 8 s, then on) and four Socket.IO clients of that user, two over WebSocket
 * and two long polling, watch it as the web UI does (reloading after a reconnection).
 * Every command must be accepted or clearly refused, every accepted command must take
 * effect (the camera ends LIVE), and every client must end knowing it. Recovery: from the
 * fault until every client got a push or a reload again.
 */
final class CommandsUnderFault {

	/** A fault that a trial starts; it answers what brings the platform back after it. */
	interface TrialFault {

		Recovery inject(int trial) throws Exception;

	}

	/** What brings the platform back after a fault. */
	interface Recovery {

		void run() throws Exception;

	}

	private final FaultPlatform platform;

	/** The camera the commands switch and the clients watch. */
	private final String watched;

	CommandsUnderFault(FaultPlatform platform, String watched) {
		this.platform = platform;
		this.watched = watched;
	}

	FaultTable.Row run(String name, String goal, int trials, TrialFault fault) throws Exception {
		Path clients = this.platform.home().resolve("e2e-tests/src/test/node");
		String token = this.platform.auth()[1].substring("Bearer ".length());
		List<Long> recoveries = new ArrayList<>();
		List<String> lost = new ArrayList<>();
		int failed = 0;
		for (int trial = 1; trial <= trials; trial++) {
			List<StatusWatch> watches = new ArrayList<>();
			try {
				for (String transport : List.of("websocket", "polling", "websocket", "polling")) {
					watches.add(StatusWatch.start(this.platform.gateway(), token, transport, clients));
				}
				Map<StatusWatch, Integer> seenBefore = new HashMap<>();
				watches.forEach((watch) -> seenBefore.put(watch, watch.size()));
				long started = System.nanoTime();
				Recovery recover = fault.inject(trial);
				Map<String, Integer> refused = new TreeMap<>();
				int sent = 0;
				int resent = 0;
				Long recovered = null;
				while (System.nanoTime() - started < Duration.ofSeconds(8).toNanos()) {
					String command = (sent % 2 == 0) ? "/stopStream" : "/startStream";
					ApiClient.Response answer = this.platform.post(command, Map.of("cameraId", this.watched));
					sent++;
					if (answer.status() == 503) {
						// A 503 asks the client to try again, as the web UI does once:
						// a command in flight on the replica that died cannot be
						// answered. Counted apart.
						resent++;
						answer = this.platform.post(command, Map.of("cameraId", this.watched));
					}
					if (answer.status() != 200) {
						refused.merge(Integer.toString(answer.status()), 1, Integer::sum);
					}
					long next = System.nanoTime() + Duration.ofMillis(700).toNanos();
					while (System.nanoTime() < next) {
						if (recovered == null && hadNews(watches, seenBefore)) {
							recovered = (System.nanoTime() - started) / 1_000_000;
						}
						Thread.sleep(20);
					}
				}
				ApiClient.Response last;
				long lastDeadline = System.nanoTime() + FaultPlatform.LIMIT.toNanos();
				do {
					last = this.platform.post("/startStream", Map.of("cameraId", this.watched));
					sent++;
					if (last.status() != 200) {
						refused.merge(Integer.toString(last.status()), 1, Integer::sum);
						Thread.sleep(500);
					}
				}
				while (last.status() != 200 && System.nanoTime() < lastDeadline);
				boolean settled = false;
				long deadline = System.nanoTime() + FaultPlatform.LIMIT.toNanos();
				while (System.nanoTime() < deadline && (recovered == null || !settled)) {
					if (recovered == null && hadNews(watches, seenBefore)) {
						recovered = (System.nanoTime() - started) / 1_000_000;
					}
					settled = "LIVE".equals(this.platform.view(this.watched).path("status").asString())
							&& watches.stream().allMatch((watch) -> "LIVE".equals(watch.lastKnown(this.watched)));
					Thread.sleep(100);
				}
				if (recovered == null || !settled) {
					for (StatusWatch watch : watches) {
						System.out.println("fault-suite: a client saw " + watch.events()
							.stream()
							.skip(seenBefore.get(watch))
							.map((event) -> event.path("event").asString() + ":" + event.path("status").asString())
							.toList());
					}
				}
				recover.run();
				long behind = watches.stream().filter((watch) -> !"LIVE".equals(watch.lastKnown(this.watched))).count();
				System.out.printf(
						"fault-suite: %s, trial %d: %d commands, %d sent again after a 503, refused %s; clients connected %s times; every"
								+ " client had news %s; camera %s, clients behind: %d%n",
						name, trial, sent, resent, refused, watches.stream().map(StatusWatch::connections).toList(),
						(recovered != null) ? "after " + FaultTable.seconds(recovered) : "never",
						this.platform.view(this.watched).path("status").asString(), behind);
				if (!refused.isEmpty()) {
					lost.add("commands refused " + refused);
				}
				if (behind > 0) {
					lost.add(behind + " clients never learnt the final status");
				}
				if (recovered != null && settled) {
					recoveries.add(recovered);
				}
				else {
					failed++;
				}
			}
			finally {
				watches.forEach(StatusWatch::close);
			}
		}
		return new FaultTable.Row(name, goal, trials, recoveries, failed,
				lost.isEmpty() ? "none" : String.join(", ", lost), 0);
	}

	/**
	 * Whether every client got news of the camera, a push or a reload, since the fault.
	 */
	private boolean hadNews(List<StatusWatch> watches, Map<StatusWatch, Integer> seenBefore) {
		return watches.stream()
			.allMatch((watch) -> watch.events()
				.stream()
				.skip(seenBefore.get(watch))
				.anyMatch((event) -> event.path("event").asString().equals("snapshot")
						|| this.watched.equals(event.path("cameraId").asString())));
	}

}
