package dev.mediaplatform.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mediaplatform.addresses.AddressPolicy;

/**
 * The environment variables and JVM options each service starts with locally: what every
 * service shares (its port, the registry peers, the data folder, loopback addresses),
 * then the user's own variables, then what the one service needs of the stores and of the
 * others.
 */
final class ServiceEnvironment {

	private final StackSettings settings;

	/**
	 * The launcher's own environment: the user's camera address lists, the demo camera.
	 */
	private final Map<String, String> launcher;

	ServiceEnvironment(StackSettings settings) {
		this(settings, System.getenv());
	}

	ServiceEnvironment(StackSettings settings, Map<String, String> launcher) {
		this.settings = settings;
		this.launcher = Map.copyOf(launcher);
	}

	/**
	 * The whole environment of one service.
	 * @param module the module whose jar runs
	 * @param port the port it serves on
	 * @param own what this service needs beside what every service gets; it wins over
	 * both
	 */
	Map<String, String> of(String module, int port, Map<String, String> own) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("SERVER_PORT", Integer.toString(port));
		env.put("EUREKA_URL", registryUrls());
		env.put("MEDIA_DATA_DIR", this.settings.dataDir().toString());
		// Locally every service but the gateway listens on loopback only, and every
		// service registers that address.
		env.put("EUREKA_INSTANCE_IPADDRESS", "127.0.0.1");
		if (!"api-gateway".equals(module)) {
			env.put("SERVER_ADDRESS", "127.0.0.1");
		}
		env.put("EUREKA_SELF_PRESERVATION", "false");
		if ("camera-service".equals(module) || "stream-worker".equals(module)) {
			// The demo camera listens on loopback, which is refused as a camera address
			// unless the operator allows it: its port only, not the whole machine.
			env.put("CAMERA_ADDRESS_ALLOW", localCameraNetworks());
			env.put("CAMERA_ADDRESS_PLATFORM_PORTS", platformPorts());
		}
		env.putAll(this.settings.serviceEnvironment());
		env.putAll(own);
		return env;
	}

	/**
	 * A registry peer's own settings: with a second peer, each names its own URL, since
	 * both go by {@code localhost} and Eureka would otherwise take both URLs for itself,
	 * and a peer that starts copies the other's registry before it answers (as in
	 * Kubernetes).
	 */
	Map<String, String> registryPeer(int port) {
		return (this.settings.secondReplicas() != null)
				? Map.of("EUREKA_SERVER_MYURL", "http://localhost:" + port + "/eureka/", "EUREKA_REGISTRY_SYNC_RETRIES",
						"5", "EUREKA_REGISTRY_SYNC_RETRY_WAIT_MS", "1000")
				: Map.of();
	}

	/**
	 * The gateway serves the live HLS that the workers write to the storage folder,
	 * checks the stream URLs that camera-service signs, and hears revocations (ended
	 * sessions, removed shares) on Kafka.
	 */
	Map<String, String> gateway(Stores stores, Path streamUrlKey) {
		return Map.of("STORAGE_DIR", storage().toString(), "STREAM_URL_KEY_FILE", streamUrlKey.toString(),
				"KAFKA_BOOTSTRAP_SERVERS", stores.kafkaBootstrapServers());
	}

	/**
	 * A camera-service replica. Local mode: the key that encrypts camera passwords is
	 * generated into the data folder when there is none there yet (the workers read it
	 * from the same default path).
	 */
	Map<String, String> cameraService(Stores stores, int socketPort, Path streamUrlKey) {
		return Map.of("MONGODB_URI", stores.mongoConnectionString(), "KAFKA_BOOTSTRAP_SERVERS",
				stores.kafkaBootstrapServers(), "CAMERA_CREDENTIALS_KEY_GENERATE", "true", "CAMERA_SOCKETIO_PORT",
				Integer.toString(socketPort), "CAMERA_SOCKETIO_HOST", "127.0.0.1", "STREAM_URL_KEY_FILE",
				streamUrlKey.toString());
	}

	/** The platform's own stream worker. */
	Map<String, String> worker(String kafkaBootstrapServers) {
		return Map.of("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers, "STORAGE_DIR", storage().toString());
	}

	/** One more stream worker, known to the others and to its metrics by its name. */
	Map<String, String> worker(String kafkaBootstrapServers, String name) {
		return Map.of("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers, "STORAGE_DIR", storage().toString(),
				"WORKER_ID", name);
	}

	Map<String, String> authService(Stores stores) {
		Map<String, String> auth = new LinkedHashMap<>(stores.databaseEnvironment());
		// Local mode: the token signing key is generated once into the data folder.
		auth.put("AUTH_KEYS_GENERATE", "true");
		// Account deletions are announced to camera-service on Kafka.
		auth.put("KAFKA_BOOTSTRAP_SERVERS", stores.kafkaBootstrapServers());
		return auth;
	}

	/** The shared storage where the workers write and the gateway reads. */
	Path storage() {
		return this.settings.dataDir().resolve("storage");
	}

	/** Every registry peer's URL, as each service lists them. */
	private String registryUrls() {
		String urls = "http://localhost:" + this.settings.ports().discovery() + "/eureka/";
		StackSettings.SecondReplicas second = this.settings.secondReplicas();
		return (second != null) ? urls + ",http://localhost:" + second.discovery() + "/eureka/" : urls;
	}

	/**
	 * The demo camera's address and port ({@code 127.0.0.1:8554}, or
	 * {@code DEMO_CAMERA_PORT}) beside what the user allows; nothing of its own with
	 * {@code DEMO_CAMERA=off}.
	 */
	String localCameraNetworks() {
		List<String> entries = new ArrayList<>();
		String own = this.launcher.get("CAMERA_ADDRESS_ALLOW");
		if (own != null && !own.isBlank()) {
			entries.add(own.strip());
		}
		String demoPort = this.launcher.getOrDefault("DEMO_CAMERA_PORT", "8554").strip();
		// Without a port number there is no demo camera (DemoCamera says so).
		if (!"off".equalsIgnoreCase(this.launcher.getOrDefault("DEMO_CAMERA", ""))
				&& demoPort.matches("[1-9][0-9]{0,4}") && Integer.parseInt(demoPort) <= 65535) {
			entries.add("127.0.0.1:" + demoPort);
		}
		return String.join(",", entries);
	}

	/**
	 * The ports camera addresses may never have: the user's list (or the platform's
	 * defaults), and every port this stack listens on, wherever it was moved.
	 */
	String platformPorts() {
		String own = this.launcher.get("CAMERA_ADDRESS_PLATFORM_PORTS");
		Set<String> ports = new LinkedHashSet<>();
		for (String port : ((own == null || own.isBlank()) ? AddressPolicy.PLATFORM_PORTS : own).split(",")) {
			if (!port.isBlank()) {
				ports.add(port.strip());
			}
		}
		StackSettings.Ports stack = this.settings.ports();
		for (int port : List.of(stack.gateway(), stack.discovery(), stack.auth(), stack.camera(), stack.worker(),
				stack.kafka(), stack.kafkaController(), stack.mariadb(), stack.mongodb(), stack.cameraSocket())) {
			ports.add(Integer.toString(port));
		}
		StackSettings.SecondReplicas second = this.settings.secondReplicas();
		if (second != null) {
			ports.addAll(List.of(Integer.toString(second.discovery()), Integer.toString(second.camera()),
					Integer.toString(second.cameraSocket())));
		}
		if (this.settings.kafkaProxy() != null) {
			ports.add(Integer.toString(this.settings.kafkaProxy().proxyPort()));
		}
		String metrics = this.settings.serviceEnvironment().get("GATEWAY_METRICS_PORT");
		if (metrics != null && !metrics.isBlank()) {
			ports.add(metrics.strip());
		}
		return String.join(",", ports);
	}

	/**
	 * {@code LOCAL_JVM_OPTIONS}, or small heaps and the quick JIT tier: five JVMs share
	 * two cores and start faster this way.
	 */
	static List<String> jvmOptions() {
		String custom = System.getenv("LOCAL_JVM_OPTIONS");
		if (custom != null && !custom.isBlank()) {
			return List.of(custom.trim().split("\\s+"));
		}
		return List.of("-Xms64m", "-Xmx384m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
	}

}
