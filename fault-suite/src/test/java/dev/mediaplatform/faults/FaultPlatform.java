package dev.mediaplatform.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.Folders;
import dev.mediaplatform.localstack.KafkaBroker;
import dev.mediaplatform.localstack.LocalStack;
import dev.mediaplatform.localstack.PortGuard;
import dev.mediaplatform.localstack.Progress;
import dev.mediaplatform.localstack.StackSettings;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform under the faults, from the packaged jars, run as a cluster runs it (two
 * registry peers, two camera-service replicas, and a Kafka listener behind a proxy the
 * suite can cut), and the user who drives it through the gateway, with what every fault
 * asks of both: add a camera, see it as its owner does, wait for it to play.
 */
final class FaultPlatform implements AutoCloseable {

	/** How long a fault may take before its trial counts as not recovered. */
	static final Duration LIMIT = Duration.ofSeconds(60);

	private static final String PASSWORD = "a long enough password";

	private final Path home;

	private final LocalStack stack;

	private final CuttableProxy proxy;

	private final ApiClient gateway;

	/**
	 * Renews the user's bearer header by logging in again every few minutes: a full run
	 * outlasts an access token.
	 */
	private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "fault-suite-login");
		thread.setDaemon(true);
		return thread;
	});

	private volatile String[] auth;

	private FaultPlatform(Path home, LocalStack stack, CuttableProxy proxy) {
		this.home = home;
		this.stack = stack;
		this.proxy = proxy;
		this.gateway = new ApiClient("http://localhost:" + stack.settings().ports().gateway());
	}

	/**
	 * Starts the platform on free ports, in an emptied data folder under
	 * {@code fault-suite/target}.
	 * @param home the checkout whose modules' jars run
	 */
	static FaultPlatform start(Path home) {
		StackSettings.Ports ports = new StackSettings.Ports(PortGuard.freePort(), PortGuard.freePort(),
				PortGuard.freePort(), PortGuard.freePort(), PortGuard.freePort(), PortGuard.freePort(),
				PortGuard.freePort(), PortGuard.freePort(), PortGuard.freePort(), PortGuard.freePort());
		StackSettings settings = new StackSettings(home, home.resolve("fault-suite/target/platform"), ports, null)
			.withSecondReplicas(
					new StackSettings.SecondReplicas(PortGuard.freePort(), PortGuard.freePort(), PortGuard.freePort()))
			.withKafkaProxy(new KafkaBroker.ProxiedListener(PortGuard.freePort(), PortGuard.freePort()))
			.withServiceEnvironment(Map.of("AUTH_REGISTER_PER_ADDRESS", "10000", "AUTH_LOGIN_PER_ADDRESS", "10000",
					"RECORDING_CHUNK_SECONDS", "4", "RECORDING_FREE_SPACE_FLOOR", "1MB", "CAMERA_ADDRESS_ALLOW",
					"127.0.0.1/32", "GATEWAY_METRICS_PORT", Integer.toString(PortGuard.freePort())));
		CuttableProxy proxy = new CuttableProxy(settings.kafkaProxy().proxyPort(), settings.kafkaProxy().port());
		try {
			LocalStack.stopLeftovers(settings);
			Folders.deleteRecursively(settings.dataDir());
			return new FaultPlatform(home, LocalStack.start(settings, new Progress(System.out)), proxy);
		}
		catch (RuntimeException ex) {
			proxy.close();
			throw ex;
		}
	}

	/**
	 * Registers the user the suite acts as, keeps their token fresh, and waits until
	 * camera-service answers them.
	 */
	void signUp() throws InterruptedException {
		String name = "faults" + UUID.randomUUID().toString().substring(0, 8);
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		ApiClient.Response registered;
		do {
			registered = this.gateway.post("/register", ApiClient.credentials(name, PASSWORD));
			Thread.sleep(500);
		}
		while (registered.status() != 200 && System.nanoTime() < deadline);
		assertThat(registered.status()).as(registered.body()).isEqualTo(200);
		this.auth = ApiClient.bearer(registered.json().path("token").asString());
		this.renewals.scheduleWithFixedDelay(() -> {
			ApiClient.Response login = this.gateway.post("/login", ApiClient.credentials(name, PASSWORD));
			if (login.status() == 200) {
				this.auth = ApiClient.bearer(login.json().path("token").asString());
			}
		}, 5, 5, TimeUnit.MINUTES);
		while (this.gateway.get("/cameras", this.auth).status() != 200) {
			assertThat(System.nanoTime()).as("camera-service answers within a minute").isLessThan(deadline);
			Thread.sleep(500);
		}
	}

	Path home() {
		return this.home;
	}

	LocalStack stack() {
		return this.stack;
	}

	/** The network between the broker and the workers started behind it. */
	CuttableProxy proxy() {
		return this.proxy;
	}

	ApiClient gateway() {
		return this.gateway;
	}

	/** The user's bearer header as it is now. */
	String[] auth() {
		return this.auth;
	}

	/** A call through the gateway as the user. */
	ApiClient.Response post(String path, Map<String, ?> body) {
		return this.gateway.post(path, body, this.auth);
	}

	/** Adds a camera and starts its stream; returns its id. */
	String addCamera(String name, String url) {
		ApiClient.Response added = post("/addCamera", Map.of("name", name, "rtspUrl", url));
		assertThat(added.status()).as(added.body()).isEqualTo(200);
		String id = added.json().path("id").asString();
		assertThat(post("/startStream", Map.of("cameraId", id)).status()).isEqualTo(200);
		return id;
	}

	/** The camera as its owner sees it. */
	JsonNode view(String id) {
		return this.gateway.get("/api/v1/cameras/" + id, this.auth).json();
	}

	LiveFiles files(String id) {
		return new LiveFiles(this.stack.settings().dataDir().resolve("storage"), id);
	}

	void awaitPlaying(String id) throws InterruptedException {
		assertThat(awaitNewRun(id, null)).as("%s plays within %s", id, LIMIT).isTrue();
	}

	/** Whether the camera plays from a run other than {@code before} within the limit. */
	boolean awaitNewRun(String id, String before) throws InterruptedException {
		long deadline = System.nanoTime() + LIMIT.toNanos();
		while (System.nanoTime() < deadline) {
			String run = files(id).playingRun();
			if (run != null && !run.equals(before)) {
				return true;
			}
			Thread.sleep(100);
		}
		return false;
	}

	/** Whether the gateway's health says every service is registered and ready. */
	boolean platformUp() {
		ApiClient.Response health = this.gateway.get("/actuator/health");
		return health.status() == 200 && health.body().contains("\"UP\"");
	}

	/**
	 * Waits until the registry lists this many instances of a service as up, and then as
	 * long as the gateway may take to see them (its registry fetch and its load
	 * balancer's cache, 5 s each): the next fault then meets a platform that knows all
	 * its replicas, as a cluster would after a restart.
	 */
	void awaitRoutable(String service, int instances) throws InterruptedException {
		ApiClient registry = new ApiClient("http://localhost:" + this.stack.settings().ports().discovery());
		long deadline = System.nanoTime() + LIMIT.toNanos();
		while (System.nanoTime() < deadline) {
			ApiClient.Response apps = registry.get("/eureka/apps/" + service.toUpperCase(), "Accept",
					"application/json");
			long up = 0;
			if (apps.status() == 200) {
				for (JsonNode instance : apps.json().path("application").path("instance")) {
					up += "UP".equals(instance.path("status").asString()) ? 1 : 0;
				}
			}
			if (up >= instances) {
				Thread.sleep(11_000);
				return;
			}
			Thread.sleep(500);
		}
		throw new AssertionError(service + " did not have " + instances + " instances up within " + LIMIT);
	}

	/** Stops the platform, then the proxy. */
	@Override
	public void close() {
		this.renewals.shutdownNow();
		this.stack.close();
		this.proxy.close();
	}

}
