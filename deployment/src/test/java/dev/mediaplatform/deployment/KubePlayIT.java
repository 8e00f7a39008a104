package dev.mediaplatform.deployment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.EmbeddedMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local overlay ({@code k8s/overlays/local}) rendered by kubectl and played by
 * {@code podman play kube}: the five services' pods as the manifests declare them
 * (images, users, read-only root, dropped capabilities, mounts, environment) and the
 * platform answering through its gateway.
 * <p>
 * podman is not a cluster, so {@link KubeletStandIn} does the little a kubelet and the
 * cluster's DNS would: it resolves the environment from the ConfigMaps, the Secrets an
 * operator creates (made here as the README says) and the downward API, mounts Secrets
 * and the media claim as folders, and plays every pod on the host's network with the
 * cluster's names pointing at loopback. The stores run beside it from {@link Stores} (the
 * store StatefulSets use public images that no registry here serves).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubePlayIT {

	static final Path home = Manifests.HOME;

	static final List<String> SERVICES = Manifests.SERVICES;

	static final Duration START_TIMEOUT = Duration.ofMinutes(5);

	static final JsonMapper json = JsonMapper.shared();

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private Podman podman;

	private Path work;

	private Path playFile;

	private Stores stores;

	private KubeletStandIn kubelet;

	@BeforeAll
	void playTheLocalOverlay() throws Exception {
		this.podman = Podman.forProject(home);
		this.podman.load(home, SERVICES);
		this.work = home.resolve("deployment/target/kube-play");
		deleteTree(this.work);
		Files.createDirectories(this.work);
		List<Map<String, Object>> rendered = Manifests
			.documents(Manifests.render(Manifests.K8S.resolve("overlays/local")));
		// The stores where the manifests' Services put them (kafka:9092, mysql:3306,
		// mongo:27017), on loopback.
		this.stores = Stores.start(this.work.resolve("stores"), 9092, 3306, 27017);
		this.kubelet = new KubeletStandIn(rendered, secrets(this.stores.mariaDb()), this.work);
		this.playFile = this.work.resolve("play.yaml");
		Files.writeString(this.playFile, this.kubelet.playable(SERVICES));
		this.podman.tryRun("play", "kube", "--down", this.playFile.toString());
		this.podman.run("play", "kube", "--replace", this.playFile.toString());
		String gateway = probeUrl("api-gateway", "/actuator/health");
		try {
			awaitTrue("every service registered and healthy behind the gateway",
					() -> "UP".equals(get(gateway).path("status").asString()));
		}
		catch (AssertionError ex) {
			throw new AssertionError(ex.getMessage() + "\n" + logTails(), ex);
		}
	}

	@AfterAll
	void takeItDown() throws IOException {
		if (this.kubelet != null) {
			for (String service : SERVICES) {
				Files.writeString(this.work.resolve(service + ".log"),
						this.podman.tryRun("logs", this.kubelet.containerName(service)).output());
			}
			this.podman.tryRun("play", "kube", "--down", this.playFile.toString());
		}
		if (this.stores != null) {
			this.stores.close();
		}
	}

	@Test
	void shouldAnswerUpOnTheProbesTheManifestsDeclare() {
		for (String service : SERVICES) {
			for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
				String url = this.kubelet.probeUrl(service, probe);
				assertThat(get(url).path("status").asString()).as("%s's %s (%s)", service, probe, url).isEqualTo("UP");
			}
		}
	}

	@Test
	void shouldServeThePublicApiThroughTheGateway() {
		ApiClient gateway = new ApiClient(probeUrl("api-gateway", ""));
		ApiClient.Response registered = gateway.post("/register",
				ApiClient.credentials("kube-" + System.nanoTime(), "a long enough password"));
		assertThat(registered.status()).as(registered.body()).isEqualTo(200);
		ApiClient.Response cameras = gateway.get("/cameras",
				ApiClient.bearer(registered.json().path("token").asString()));
		assertThat(cameras.status()).as(cameras.body()).isEqualTo(200);
		assertThat(cameras.json().isArray()).as(cameras.body()).isTrue();
	}

	@Test
	void shouldRunEveryPodAsTheManifestsUserWithAReadOnlyRoot() throws IOException {
		for (String service : SERVICES) {
			String container = this.kubelet.containerName(service);
			String pid = this.podman.run("inspect", "--format", "{{.State.Pid}}", container);
			String uid = Files.readAllLines(Path.of("/proc", pid, "status"))
				.stream()
				.filter((line) -> line.startsWith("Uid:"))
				.findFirst()
				.orElseThrow()
				.split("\\s+")[1];
			assertThat(uid).as(service).isEqualTo(this.kubelet.runAsUser(service));
			assertThat(this.podman.run("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", container)).as(service)
				.isEqualTo("true");
		}
	}

	@Test
	void shouldWriteNothingOutsideTheirVolumes() {
		for (String service : SERVICES) {
			// A service that tried would have met the read-only root (checked above) and
			// said so.
			assertThat(this.podman.tryRun("logs", this.kubelet.containerName(service)).output()).as(service)
				.doesNotContain("Read-only file system")
				.doesNotContain("AccessDeniedException");
		}
	}

	@Test
	void shouldLogOneJsonObjectALineForTheClustersLogCollector() {
		for (String service : SERVICES) {
			List<String> lines = this.podman.tryRun("logs", this.kubelet.containerName(service))
				.output()
				.lines()
				.toList();
			assertThat(lines).as(service).isNotEmpty();
			for (String line : lines) {
				JsonNode entry;
				try {
					entry = json.readTree(line);
				}
				catch (RuntimeException ex) {
					throw new AssertionError(service + " logged a line that is not JSON: " + line, ex);
				}
				assertThat(entry.path("message").isString()).as("%s: %s", service, line).isTrue();
				// ECS names the level log.level, nested or dotted depending on the
				// writer.
				JsonNode level = entry.path("log").path("level").isMissingNode() ? entry.path("log.level")
						: entry.path("log").path("level");
				assertThat(level.isString()).as("%s: %s", service, line).isTrue();
			}
		}
	}

	/**
	 * The Secrets an operator creates before applying the manifests (k8s/README.md), here
	 * pointing at the test's stores.
	 */
	private static Map<String, Map<String, String>> secrets(EmbeddedMariaDb mariaDb) throws Exception {
		SecureRandom random = new SecureRandom();
		KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
		rsa.initialize(2048);
		String signingKey = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
			.encodeToString(rsa.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
		Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
		secrets.put("auth-db", Map.of("url", "jdbc:mariadb://mysql:3306/" + mariaDb.username(), "username",
				mariaDb.username(), "password", mariaDb.password()));
		secrets.put("camera-db", Map.of("uri", "mongodb://mongo:27017/mediaplatform"));
		secrets.put("camera-credentials-key", Map.of("credentials.key", randomKey(random)));
		secrets.put("stream-url-key", Map.of("stream-url.key", randomKey(random)));
		secrets.put("auth-signing-keys", Map.of("signing-key.pem", signingKey));
		return secrets;
	}

	/** What {@code openssl rand -base64 32} prints. */
	private static String randomKey(SecureRandom random) {
		byte[] key = new byte[32];
		random.nextBytes(key);
		return Base64.getEncoder().encodeToString(key) + "\n";
	}

	private String probeUrl(String service, String path) {
		return "http://127.0.0.1:" + this.kubelet.httpPort(service) + path;
	}

	private static JsonNode get(String url) {
		try {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
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
			for (String service : SERVICES) {
				String state = this.podman
					.tryRun("inspect", "--format", "{{.State.Status}}", this.kubelet.containerName(service))
					.output();
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
		List<String> tails = new ArrayList<>();
		for (String service : SERVICES) {
			tails.add("--- " + service + " (last 15 lines)\n"
					+ this.podman.logTail(this.kubelet.containerName(service), 15));
		}
		return String.join("\n", tails);
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

}
