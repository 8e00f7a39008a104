package dev.mediaplatform.deployment;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.mediaplatform.localstack.EmbeddedMariaDb;
import dev.mediaplatform.localstack.EmbeddedMongo;
import dev.mediaplatform.localstack.KafkaBroker;
import dev.mediaplatform.localstack.PortGuard;

/**
 * The stores the images run against: the same real Kafka broker (KRaft), MariaDB server
 * and MongoDB wire-protocol server as {@code ./run-local}, on loopback.
 */
final class Stores implements AutoCloseable {

	private final KafkaBroker kafka;

	private final EmbeddedMariaDb mariaDb;

	private final EmbeddedMongo mongo;

	private Stores(KafkaBroker kafka, EmbeddedMariaDb mariaDb, EmbeddedMongo mongo) {
		this.kafka = kafka;
		this.mariaDb = mariaDb;
		this.mongo = mongo;
	}

	/** On free ports. */
	static Stores start(Path folder) {
		return start(folder, PortGuard.freePort(), PortGuard.freePort(), PortGuard.freePort());
	}

	static Stores start(Path folder, int kafkaPort, int mariaDbPort, int mongoPort) {
		KafkaBroker kafka = KafkaBroker.start(folder.resolve("kafka"), kafkaPort, PortGuard.freePort(),
				folder.resolve("logs"));
		Stores stores = new Stores(kafka, EmbeddedMariaDb.start(folder.resolve("mariadb"), mariaDbPort),
				EmbeddedMongo.start(folder.resolve("mongo"), mongoPort));
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		while (!kafka.isReady()) {
			if (Instant.now().isAfter(deadline)) {
				stores.close();
				throw new AssertionError(
						"Kafka was not ready within 2 minutes: see " + folder.resolve("logs/kafka.log"));
			}
			sleep();
		}
		return stores;
	}

	String kafkaServers() {
		return this.kafka.bootstrapServers();
	}

	EmbeddedMariaDb mariaDb() {
		return this.mariaDb;
	}

	String mongoUri() {
		return this.mongo.connectionString("mediaplatform");
	}

	@Override
	public void close() {
		closeQuietly(this.kafka);
		closeQuietly(this.mongo);
		closeQuietly(this.mariaDb);
	}

	private static void closeQuietly(AutoCloseable store) {
		try {
			store.close();
		}
		catch (Exception ex) {
			// Stopping a store after the test: nothing to report that the test did not.
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
