package dev.mediaplatform.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the local platform needs to know, read from the environment with local
 * defaults.
 *
 * @param home the checkout whose modules' jars are started
 * @param dataDir the one folder that holds all local data and logs
 * @param ports the fixed ports of every component
 * @param externalDatabase a MySQL/MariaDB the user named, or {@code null} to start the
 * embedded one
 * @param serviceEnvironment extra variables for every service (the launcher's own
 * environment is inherited too)
 * @param secondReplicas the ports of a second registry peer and a second camera-service
 * replica, as a cluster runs them, or {@code null} to run one of each
 * @param kafkaProxy a second Kafka listener reached through a proxy (for workers that a
 * test cuts off from the broker), or {@code null}
 */
public record StackSettings(Path home, Path dataDir, Ports ports, ExternalDatabase externalDatabase,
		Map<String, String> serviceEnvironment, SecondReplicas secondReplicas, KafkaBroker.ProxiedListener kafkaProxy) {

	public StackSettings {
		serviceEnvironment = Map.copyOf(serviceEnvironment);
	}

	public StackSettings(Path home, Path dataDir, Ports ports, ExternalDatabase externalDatabase) {
		this(home, dataDir, ports, externalDatabase, Map.of(), null, null);
	}

	public StackSettings withServiceEnvironment(Map<String, String> environment) {
		return new StackSettings(this.home, this.dataDir, this.ports, this.externalDatabase, environment,
				this.secondReplicas, this.kafkaProxy);
	}

	/**
	 * The same platform with the registry as two peers and camera-service as two
	 * replicas, as Kubernetes runs them.
	 */
	public StackSettings withSecondReplicas(SecondReplicas second) {
		return new StackSettings(this.home, this.dataDir, this.ports, this.externalDatabase, this.serviceEnvironment,
				second, this.kafkaProxy);
	}

	/**
	 * The same platform with a second Kafka listener that advertises a proxy's port, for
	 * workers started with {@code LocalStack.startWorker(name, port, true)}.
	 */
	public StackSettings withKafkaProxy(KafkaBroker.ProxiedListener proxy) {
		return new StackSettings(this.home, this.dataDir, this.ports, this.externalDatabase, this.serviceEnvironment,
				this.secondReplicas, proxy);
	}

	/**
	 * Database name, user and password of the embedded MariaDB; local only, never used
	 * elsewhere.
	 */
	public static final String LOCAL_DATABASE = "mediaplatform";

	public static StackSettings fromEnvironment(Map<String, String> env) {
		Path home = Path.of(env.getOrDefault("MEDIA_HOME", ".")).toAbsolutePath().normalize();
		Path data = Path.of(env.getOrDefault("MEDIA_DATA_DIR", home.resolve("data").toString()))
			.toAbsolutePath()
			.normalize();
		Ports defaults = Ports.DEFAULTS;
		Ports ports = new Ports(port(env, "GATEWAY_PORT", defaults.gateway()),
				port(env, "DISCOVERY_PORT", defaults.discovery()), port(env, "AUTH_PORT", defaults.auth()),
				port(env, "CAMERA_PORT", defaults.camera()), port(env, "WORKER_PORT", defaults.worker()),
				port(env, "KAFKA_PORT", defaults.kafka()),
				port(env, "KAFKA_CONTROLLER_PORT", defaults.kafkaController()),
				port(env, "MARIADB_PORT", defaults.mariadb()), port(env, "MONGODB_PORT", defaults.mongodb()),
				port(env, "CAMERA_SOCKETIO_PORT", defaults.cameraSocket()));
		String dbUrl = env.get("DB_URL");
		ExternalDatabase external = (dbUrl == null || dbUrl.isBlank()) ? null
				: new ExternalDatabase(dbUrl, env.getOrDefault("DB_USERNAME", ""), env.getOrDefault("DB_PASSWORD", ""));
		return new StackSettings(home, data, ports, external);
	}

	private static int port(Map<String, String> env, String name, int fallback) {
		String value = env.get(name);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			int port = Integer.parseInt(value.trim());
			if (port < 1 || port > 65535) {
				throw new NumberFormatException();
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw new StackException(name + "=" + value + " is not a port number (1-65535)");
		}
	}

	public Path logDir() {
		return this.dataDir.resolve("logs");
	}

	public Path runDir() {
		return this.dataDir.resolve("run");
	}

	/**
	 * The packaged jar of one of the project's modules, or a clear error when it was not
	 * built.
	 */
	public Path moduleJar(String module) {
		Path jar = this.home.resolve(module).resolve("target").resolve(module + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new StackException(jar + " is missing: build the project first (./mvnw -DskipTests package)");
		}
		return jar;
	}

	/**
	 * Fixed local ports; each can be moved with the environment variable named in the
	 * README.
	 */
	public record Ports(int gateway, int discovery, int auth, int camera, int worker, int kafka, int kafkaController,
			int mariadb, int mongodb, int cameraSocket) {

		public static final Ports DEFAULTS = new Ports(8080, 8761, 8081, 8082, 8083, 9092, 9093, 3306, 27017, 8092);

	}

	/**
	 * The ports of the second registry peer ({@code discovery-server-2}) and the second
	 * camera-service replica ({@code camera-service-2}, with its Socket.IO port).
	 */
	public record SecondReplicas(int discovery, int camera, int cameraSocket) {

	}

	/**
	 * A database the user runs; the embedded MariaDB is not started when one is named.
	 */
	public record ExternalDatabase(String url, String username, String password) {

		@Override
		public String toString() {
			return "ExternalDatabase[url=" + this.url + ", username=" + this.username + "]";
		}

	}

}
