package dev.mediaplatform.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * One of the two registry peers restarts: what is already routed goes on, so a user's
 * calls through the gateway keep working while it is down and while the services register
 * again. Recovery: until the gateway sees every service registered again.
 */
final class RegistryRestart {

	private final FaultPlatform platform;

	RegistryRestart(FaultPlatform platform) {
		this.platform = platform;
	}

	FaultTable.Row run(int trials) throws InterruptedException {
		List<Long> recoveries = new ArrayList<>();
		int failed = 0;
		AtomicInteger calls = new AtomicInteger();
		List<String> refusals = new CopyOnWriteArrayList<>();
		for (int trial = 1; trial <= trials; trial++) {
			AtomicBoolean probing = new AtomicBoolean(true);
			CompletableFuture<Void> probe = CompletableFuture.runAsync(() -> {
				while (probing.get()) {
					int status = this.platform.gateway().get("/cameras", this.platform.auth()).status();
					calls.incrementAndGet();
					if (status != 200) {
						refusals.add(Integer.toString(status));
					}
					try {
						Thread.sleep(100);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
			});
			long started = System.nanoTime();
			this.platform.stack().restart("discovery-server");
			Long recovered = null;
			while (recovered == null && System.nanoTime() - started < FaultPlatform.LIMIT.toNanos()) {
				if (this.platform.platformUp()) {
					recovered = (System.nanoTime() - started) / 1_000_000;
				}
				Thread.sleep(200);
			}
			// Calls go on a little longer: the services fetch the new registry.
			Thread.sleep(12_000);
			probing.set(false);
			probe.join();
			System.out.printf("fault-suite: registry restarted, trial %d: every service registered again %s%n", trial,
					(recovered != null) ? "after " + FaultTable.seconds(recovered) : "never");
			if (recovered != null) {
				recoveries.add(recovered);
			}
			else {
				failed++;
			}
		}
		return new FaultTable.Row("one of two registry peers restarted", "calls through the gateway go on", trials,
				recoveries, failed,
				refusals.isEmpty() ? "none"
						: refusals.size() + " of " + calls.get() + " calls through the gateway failed ("
								+ refusals.stream()
									.collect(Collectors.groupingBy((status) -> status, Collectors.counting()))
								+ ")",
				0);
	}

}
