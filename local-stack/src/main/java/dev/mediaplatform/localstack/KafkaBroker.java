package dev.mediaplatform.localstack;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), run from
 * the Kafka jars on this launcher's class path as a child JVM ({@code kafka.Kafka}). Its
 * log folder is formatted once and then reused.
 */
public final class KafkaBroker implements AutoCloseable {

	private final JavaProcess process;

	private final int port;

	private KafkaBroker(JavaProcess process, int port) {
		this.process = process;
		this.port = port;
	}

	public static KafkaBroker start(Path folder, int port, int controllerPort, Path logDir) {
		return start(folder, port, controllerPort, null, logDir);
	}

	/**
	 * Starts the broker with, when {@code proxied} is given, a second listener that tells
	 * its clients to connect through a proxy: a client bootstrapped at the proxy's port
	 * reaches the broker only through it, so that cutting the proxy cuts that client off
	 * (the fault suite's network partition).
	 */
	public static KafkaBroker start(Path folder, int port, int controllerPort, ProxiedListener proxied, Path logDir) {
		Path config = writeConfig(folder, port, controllerPort, proxied);
		format(folder, config, logDir);
		List<String> jvm = List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
				"-Dlogback.configurationFile=kafka-logback.xml", "-cp", JavaProcess.classPath());
		JavaProcess process = JavaProcess.start("kafka", jvm, List.of("kafka.Kafka", config.toString()), Map.of(),
				logDir.resolve("kafka.log"));
		return new KafkaBroker(process, port);
	}

	/**
	 * A listener on {@code port} that advertises {@code proxyPort}, where a proxy to
	 * {@code port} listens.
	 */
	public record ProxiedListener(int port, int proxyPort) {

		public String bootstrapServers() {
			return "localhost:" + this.proxyPort;
		}

	}

	private static Path writeConfig(Path folder, int port, int controllerPort, ProxiedListener proxied) {
		Properties props = new Properties();
		props.setProperty("process.roles", "broker,controller");
		props.setProperty("node.id", "1");
		props.setProperty("controller.quorum.voters", "1@localhost:" + controllerPort);
		String listeners = "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort;
		String advertised = "PLAINTEXT://localhost:" + port;
		String protocols = "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT";
		if (proxied != null) {
			listeners += ",PROXIED://localhost:" + proxied.port();
			advertised += ",PROXIED://localhost:" + proxied.proxyPort();
			protocols += ",PROXIED:PLAINTEXT";
		}
		props.setProperty("listeners", listeners);
		props.setProperty("advertised.listeners", advertised);
		props.setProperty("controller.listener.names", "CONTROLLER");
		props.setProperty("inter.broker.listener.name", "PLAINTEXT");
		props.setProperty("listener.security.protocol.map", protocols);
		props.setProperty("log.dirs", folder.resolve("logs").toString());
		props.setProperty("num.partitions", "6");
		props.setProperty("offsets.topic.replication.factor", "1");
		props.setProperty("transaction.state.log.replication.factor", "1");
		props.setProperty("transaction.state.log.min.isr", "1");
		props.setProperty("share.coordinator.state.topic.replication.factor", "1");
		props.setProperty("share.coordinator.state.topic.min.isr", "1");
		props.setProperty("group.initial.rebalance.delay.ms", "0");
		try {
			Files.createDirectories(folder);
			Path file = folder.resolve("server.properties");
			try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
				props.store(writer, "written by the local platform at every start");
			}
			return file;
		}
		catch (IOException ex) {
			throw new StackException("cannot write Kafka's configuration into " + folder + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Formats the log folder on first use; {@code --ignore-formatted} keeps the data of
	 * earlier runs.
	 */
	private static void format(Path folder, Path config, Path logDir) {
		Path clusterIdFile = folder.resolve("cluster.id");
		try {
			if (!Files.exists(clusterIdFile)) {
				Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
			}
			String clusterId = Files.readString(clusterIdFile).trim();
			JavaProcess tool = JavaProcess.start("kafka-storage",
					List.of("-Xmx256m", "-Dlogback.configurationFile=kafka-logback.xml", "-cp",
							JavaProcess.classPath()),
					List.of("kafka.tools.StorageTool", "format", "--ignore-formatted", "--cluster-id", clusterId,
							"--config", config.toString()),
					Map.of(), logDir.resolve("kafka-storage.log"));
			if (!tool.waitFor(Duration.ofMinutes(2)) || tool.exitValue() != 0) {
				tool.stop(Duration.ofSeconds(1));
				throw new StackException("Kafka's log folder " + folder + " could not be formatted: " + tool.tail(3));
			}
		}
		catch (IOException ex) {
			throw new StackException("cannot prepare Kafka's folder " + folder + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackException("interrupted while formatting Kafka's log folder", ex);
		}
	}

	public JavaProcess process() {
		return this.process;
	}

	public String bootstrapServers() {
		return "localhost:" + this.port;
	}

	/** True once the broker answers a metadata request. */
	public boolean isReady() {
		if (!this.process.isAlive()) {
			return false;
		}
		Properties props = new Properties();
		props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
		props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
		try (Admin admin = Admin.create(props)) {
			return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
		}
		catch (Exception ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.process.stop(Duration.ofSeconds(30));
	}

}
