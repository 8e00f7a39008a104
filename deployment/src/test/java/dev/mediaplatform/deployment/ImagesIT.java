package dev.mediaplatform.deployment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.EmbeddedMariaDb;
import dev.mediaplatform.localstack.EmbeddedMongo;
import dev.mediaplatform.localstack.KafkaBroker;
import dev.mediaplatform.localstack.PortGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The five images as an operator runs them: loaded into podman from the tarballs Jib
 * built ({@code ./mvnw -Pimages}), each started as Kubernetes starts it (unprivileged,
 * read-only root file system, only {@code /tmp} and its volumes writable) against real
 * stores, and the platform then answering through its gateway. Host networking on
 * loopback, with ports of the test's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagesIT {

	static final Path home = Path.of(System.getProperty("media.home", "..")).toAbsolutePath().normalize();

	static final String TAG = System.getProperty("image.tag", "0.1.0");

	/** In start order: the registry first, the gateway last. */
	static final List<String> SERVICES = List.of("discovery-server", "auth-service", "camera-service", "stream-worker",
			"api-gateway");

	/** The unprivileged user every image runs as (the manifests' runAsUser). */
	static final String USER = "10001";

	static final Duration START_TIMEOUT = Duration.ofMinutes(5);

	static final JsonMapper json = JsonMapper.shared();

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private Podman podman;

	private Path work;

	private final Map<String, Integer> ports = new LinkedHashMap<>();

	private final List<String> started = new ArrayList<>();

	private KafkaBroker kafka;

	private EmbeddedMariaDb mariaDb;

	private EmbeddedMongo mongo;

	@BeforeAll
	void startTheImages() throws IOException {
		this.podman = Podman.forProject(home);
		this.work = home.resolve("deployment/target/images-it");
		deleteTree(this.work);
		Files.createDirectories(this.work.resolve("logs"));
		for (String service : SERVICES) {
			Path tarball = home.resolve(service).resolve("target/image.tar");
			assertThat(tarball).as("%s's image: build it with ./mvnw -Pimages package", service).exists();
			this.podman.run("load", "--quiet", "--input", tarball.toString());
			this.podman.tryRun("rm", "--force", container(service));
			this.ports.put(service, PortGuard.freePort());
		}
		int kafkaPort = PortGuard.freePort();
		this.kafka = KafkaBroker.start(this.work.resolve("kafka"), kafkaPort, PortGuard.freePort(),
				this.work.resolve("logs"));
		this.mariaDb = EmbeddedMariaDb.start(this.work.resolve("mariadb"), PortGuard.freePort());
		this.mongo = EmbeddedMongo.start(this.work.resolve("mongo"), PortGuard.freePort());
		awaitTrue("Kafka", () -> this.kafka.isReady());

		String kafkaServers = this.kafka.bootstrapServers();
		int socketIoPort = PortGuard.freePort();
		start("discovery-server", Map.of(), List.of());
		start("auth-service",
				Map.of("DB_URL", this.mariaDb.jdbcUrl(), "DB_USERNAME", this.mariaDb.username(), "DB_PASSWORD",
						this.mariaDb.password(), "AUTH_KEYS_DIR", "/keys", "AUTH_KEYS_GENERATE", "true",
						"KAFKA_BOOTSTRAP_SERVERS", kafkaServers),
				List.of(volume("auth-keys", "/keys", false)));
		start("camera-service",
				Map.of("MONGODB_URI", this.mongo.connectionString("mediaplatform"), "KAFKA_BOOTSTRAP_SERVERS",
						kafkaServers, "CAMERA_CREDENTIALS_KEY_FILE", "/keys/credentials.key",
						"CAMERA_CREDENTIALS_KEY_GENERATE", "true", "STREAM_URL_KEY_FILE", "/stream-url/stream-url.key",
						"STREAM_URL_KEY_GENERATE", "true", "CAMERA_SOCKETIO_PORT", Integer.toString(socketIoPort),
						"CAMERA_SOCKETIO_HOST", "127.0.0.1"),
				List.of(volume("camera-keys", "/keys", false), volume("stream-url", "/stream-url", false)));
		start("stream-worker",
				Map.of("KAFKA_BOOTSTRAP_SERVERS", kafkaServers, "STORAGE_DIR", "/storage",
						"CAMERA_CREDENTIALS_KEY_FILE", "/keys/credentials.key"),
				List.of(volume("storage", "/storage", false), volume("camera-keys", "/keys", true)));
		start("api-gateway",
				Map.of("STORAGE_DIR", "/storage", "STREAM_URL_KEY_FILE", "/stream-url/stream-url.key",
						"STREAM_URL_KEY_GENERATE", "true"),
				List.of(volume("storage", "/storage", true), volume("stream-url", "/stream-url", false)));

		try {
			awaitTrue("every service registered and healthy behind the gateway",
					() -> "UP".equals(health("api-gateway", "/actuator/health").path("status").asString()));
		}
		catch (AssertionError ex) {
			throw new AssertionError(ex.getMessage() + "\n" + logTails(), ex);
		}
	}

	@AfterAll
	void stopTheImages() {
		for (String service : this.started) {
			Podman.Result logs = this.podman.tryRun("logs", container(service));
			try {
				Files.writeString(this.work.resolve("logs").resolve(service + ".log"), logs.output());
			}
			catch (IOException ex) {
				// The logs are a convenience for a failed run; removing the container
				// matters
				// more.
			}
			this.podman.tryRun("rm", "--force", "--time", "5", container(service));
		}
		closeQuietly(this.kafka);
		closeQuietly(this.mongo);
		closeQuietly(this.mariaDb);
	}

	@Test
	void shouldAnswerUpOnEveryServicesReadinessProbe() {
		for (String service : SERVICES) {
			assertThat(health(service, "/actuator/health/readiness").path("status").asString()).as(service)
				.isEqualTo("UP");
			assertThat(health(service, "/actuator/health/liveness").path("status").asString()).as(service)
				.isEqualTo("UP");
		}
	}

	@Test
	void shouldServeThePublicApiThroughTheGateway() {
		ApiClient gateway = new ApiClient("http://127.0.0.1:" + this.ports.get("api-gateway"));
		ApiClient.Response registered = gateway.post("/register",
				ApiClient.credentials("image-" + System.nanoTime(), "a long enough password"));
		assertThat(registered.status()).as(registered.body()).isEqualTo(200);
		String token = registered.json().path("token").asString();
		ApiClient.Response cameras = gateway.get("/cameras", ApiClient.bearer(token));
		assertThat(cameras.status()).as(cameras.body()).isEqualTo(200);
		assertThat(cameras.json().isArray()).as(cameras.body()).isTrue();
		assertThat(gateway.get("/cameras").status()).isEqualTo(401);
	}

	@Test
	void shouldRunEveryServiceAsTheUnprivilegedUser() throws IOException {
		for (String service : SERVICES) {
			assertThat(this.podman.run("image", "inspect", "--format", "{{.Config.User}}", image(service))).as(service)
				.isEqualTo(USER + ":" + USER);
			// The process itself, as the kernel sees it (rootful podman shares the host's
			// user ids).
			String pid = this.podman.run("inspect", "--format", "{{.State.Pid}}", container(service));
			String uidLine = Files.readAllLines(Path.of("/proc", pid, "status"))
				.stream()
				.filter((line) -> line.startsWith("Uid:"))
				.findFirst()
				.orElseThrow();
			assertThat(uidLine.split("\\s+")).as(service).containsOnly("Uid:", USER);
		}
	}

	@Test
	void shouldWriteNothingOutsideItsVolumes() throws IOException {
		for (String service : SERVICES) {
			assertThat(this.podman.run("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", container(service)))
				.as(service)
				.isEqualTo("true");
			assertThat(this.podman.run("logs", container(service))).as(service)
				.doesNotContain("Read-only file system")
				.doesNotContain("AccessDeniedException");
		}
		// What they must write went to their volumes.
		assertThat(listTree(this.work.resolve("volumes/auth-keys"))).isNotEmpty();
		assertThat(this.work.resolve("volumes/camera-keys/credentials.key")).exists();
		assertThat(this.work.resolve("volumes/stream-url/stream-url.key")).exists();
	}

	@Test
	void shouldLayerEveryImageWithItsClassesApartFromItsDependencies() throws IOException {
		StringBuilder report = new StringBuilder("| image | size | layers (Jib's names) |\n|---|---|---|\n");
		for (String service : SERVICES) {
			JsonNode history = json
				.readTree(this.podman.run("image", "inspect", "--format", "{{json .History}}", image(service)));
			List<String> layers = new ArrayList<>();
			history.forEach((entry) -> layers.add(entry.path("comment").asString()));
			assertThat(layers).as(service).contains("dependencies", "classes", "resources");
			assertThat(layers.indexOf("classes")).as(service).isGreaterThan(layers.indexOf("dependencies"));
			long bytes = Long.parseLong(this.podman.run("image", "inspect", "--format", "{{.Size}}", image(service)));
			report.append("| ")
				.append(image(service))
				.append(" | ")
				.append(bytes / 1_000_000)
				.append(" MB | ")
				.append(String.join(", ", layers.subList(1, layers.size())))
				.append(" |\n");
		}
		Files.writeString(home.resolve("deployment/target/image-sizes.md"), report);
		System.out.println("Image sizes (also in deployment/target/image-sizes.md):\n" + report);
	}

	@Test
	void shouldShipOnlyTheLinuxX8664FfmpegNatives() {
		String jars = this.podman.run("run", "--rm", "--network", "none", "--entrypoint", "ls", image("stream-worker"),
				"/app/libs");
		assertThat(jars).contains("ffmpeg-").contains("linux-x86_64");
		assertThat(jars.lines().filter((jar) -> jar.matches(".*-(windows|macosx|android|ios|linux-arm).*")))
			.as("natives of other platforms")
			.isEmpty();
	}

	private void start(String service, Map<String, String> environment, List<String> volumes) {
		List<String> args = new ArrayList<>(List.of("run", "--detach", "--name", container(service), "--network",
				"host", "--read-only", "--read-only-tmpfs=false", "--tmpfs", "/tmp:rw,size=256m", "--memory", "1g"));
		Map<String, String> env = new LinkedHashMap<>();
		env.put("SERVER_PORT", Integer.toString(this.ports.get(service)));
		env.put("SERVER_ADDRESS", "127.0.0.1");
		env.put("EUREKA_URL", "http://127.0.0.1:" + this.ports.get("discovery-server") + "/eureka/");
		env.put("EUREKA_INSTANCE_IPADDRESS", "127.0.0.1");
		env.putAll(environment);
		env.forEach((name, value) -> args.addAll(List.of("--env", name + "=" + value)));
		volumes.forEach((mount) -> args.addAll(List.of("--volume", mount)));
		args.add(image(service));
		this.podman.run(args.toArray(String[]::new));
		this.started.add(service);
	}

	/** A folder of the test's, owned by the images' user, mounted at {@code target}. */
	private String volume(String name, String target, boolean readOnly) {
		Path folder = this.work.resolve("volumes").resolve(name);
		try {
			Files.createDirectories(folder);
			Files.setAttribute(folder, "unix:uid", Integer.parseInt(USER));
			Files.setAttribute(folder, "unix:gid", Integer.parseInt(USER));
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot prepare the volume " + folder + ": " + ex.getMessage(), ex);
		}
		return folder + ":" + target + (readOnly ? ":ro" : "");
	}

	private JsonNode health(String service, String path) {
		try {
			HttpResponse<String> response = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.ports.get(service) + path))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			return json.readTree(response.body());
		}
		catch (IOException | RuntimeException ex) {
			return json.createObjectNode().put("status", "unreachable: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (!condition.getAsBoolean()) {
			for (String service : this.started) {
				String state = this.podman.run("inspect", "--format", "{{.State.Status}}", container(service));
				if (!"running".equals(state)) {
					throw new AssertionError(service + "'s container is " + state + " while waiting for " + what);
				}
			}
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("not within " + START_TIMEOUT.toMinutes() + " minutes: " + what);
			}
			try {
				Thread.sleep(1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private String logTails() {
		StringBuilder tails = new StringBuilder();
		for (String service : this.started) {
			List<String> lines = this.podman.tryRun("logs", container(service)).output().lines().toList();
			tails.append("--- ")
				.append(service)
				.append(" (last 15 lines)\n")
				.append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())))
				.append('\n');
		}
		return tails.toString();
	}

	static String image(String service) {
		return "localhost/media-platform/" + service + ":" + TAG;
	}

	static String container(String service) {
		return "media-platform-it-" + service;
	}

	private static List<Path> listTree(Path folder) throws IOException {
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter(Files::isRegularFile).toList();
		}
	}

	private static void deleteTree(Path folder) throws IOException {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> files = Files.walk(folder)) {
			for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

	private static void closeQuietly(AutoCloseable store) {
		if (store == null) {
			return;
		}
		try {
			store.close();
		}
		catch (Exception ex) {
			// Stopping a store after the test: nothing to report that the test did not.
		}
	}

}
