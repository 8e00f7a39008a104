package dev.mediaplatform.localstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment variables and JVM options each service starts with locally: what every
 * service shares (its port, the registry peers, the data folder, loopback addresses),
 * then the user's own variables, then what the one service needs of the stores and of the
 * others.
 */
final class ServiceEnvironment {

	private final StackSettings settings;

	ServiceEnvironment(StackSettings settings) {
		this.settings = settings;
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
			// unless the operator allows it.
			env.put("CAMERA_ADDRESS_ALLOW", localCameraNetworks());
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
	 * The gateway serves the live HLS that the workers write to the storage folder, and
	 * checks the stream URLs that camera-service signs.
	 */
	Map<String, String> gateway(Path streamUrlKey) {
		return Map.of("STORAGE_DIR", storage().toString(), "STREAM_URL_KEY_FILE", streamUrlKey.toString());
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

	/** 127.0.0.1, where the demo camera listens, beside the networks the user allows. */
	private static String localCameraNetworks() {
		String own = System.getenv("CAMERA_ADDRESS_ALLOW");
		return (own == null || own.isBlank()) ? "127.0.0.1/32" : own + ",127.0.0.1/32";
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
