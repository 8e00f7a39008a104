package dev.mediaplatform.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The services the platform runs, each a JVM of its own started from its module's jar,
 * and how each was started, to start it again the same way.
 */
final class Services {

	private static final Duration STOP_GRACE = Duration.ofSeconds(20);

	private final StackSettings settings;

	private final Progress progress;

	private final ProcessLedger ledger;

	private final ServiceEnvironment environment;

	private final List<ServiceProcess> running = Collections.synchronizedList(new ArrayList<>());

	/** How each service was started, by name. */
	private final Map<String, Launch> launches = new ConcurrentHashMap<>();

	Services(StackSettings settings, Progress progress, ProcessLedger ledger, ServiceEnvironment environment) {
		this.settings = settings;
		this.progress = progress;
		this.ledger = ledger;
		this.environment = environment;
	}

	private record Launch(String module, int port, Map<String, String> own) {
	}

	/** Starts a module's service under the module's name. */
	ServiceProcess start(String module, int port, Map<String, String> own) {
		return start(module, module, port, own);
	}

	/**
	 * Starts a module's service; returns at once, the service answers once
	 * {@link ServiceProcess#isReady()} says so.
	 * @param name the service's name, which also names its log
	 * @param own what this service needs beside what every service gets
	 */
	ServiceProcess start(String module, String name, int port, Map<String, String> own) {
		this.progress.report(name, "starting on port " + port);
		this.launches.put(name, new Launch(module, port, Map.copyOf(own)));
		ServiceProcess service = ServiceProcess.start(name, this.settings.moduleJar(module), port,
				this.environment.of(module, port, own), ServiceEnvironment.jvmOptions(), this.settings.logDir());
		this.running.add(service);
		this.ledger.record(service.process());
		return service;
	}

	/**
	 * Stops a service (SIGTERM, as a pod restart does) and starts it again on the same
	 * port with the same settings; returns the new one to wait for.
	 */
	ServiceProcess restart(String name) {
		Launch launch = this.launches.get(name);
		if (launch == null) {
			throw new StackException(name + " was not started");
		}
		ServiceProcess old = get(name);
		old.process().stop(STOP_GRACE);
		this.running.remove(old);
		return start(launch.module(), name, launch.port(), launch.own());
	}

	ServiceProcess get(String name) {
		return all().stream()
			.filter((service) -> service.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new StackException(name + " was not started"));
	}

	/** The services started so far, in the order they were started. */
	List<ServiceProcess> all() {
		synchronized (this.running) {
			return List.copyOf(this.running);
		}
	}

	/** Stops every service at once, each given the same grace time. */
	void stopAll() {
		List<CompletableFuture<Void>> stops = new ArrayList<>();
		for (ServiceProcess service : all()) {
			stops.add(CompletableFuture.runAsync(() -> service.process().stop(STOP_GRACE)));
		}
		stops.forEach(CompletableFuture::join);
	}

}
