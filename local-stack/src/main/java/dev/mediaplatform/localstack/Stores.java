package dev.mediaplatform.localstack;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The platform's stores, each a stand-in started in this JVM or as a child of it: the
 * MariaDB server (unless the user names a database of their own), the MongoDB
 * wire-protocol server and the Kafka broker, all keeping their data in the data folder.
 * The fault tests restart MongoDB and Kafka on the same ports and data.
 */
final class Stores implements AutoCloseable {

	private final StackSettings settings;

	private final Progress progress;

	private final ProcessLedger ledger;

	private volatile EmbeddedMariaDb mariaDb;

	private volatile EmbeddedMongo mongo;

	private volatile KafkaBroker kafka;

	Stores(StackSettings settings, Progress progress, ProcessLedger ledger) {
		this.settings = settings;
		this.progress = progress;
		this.ledger = ledger;
	}

	/**
	 * Starts the embedded MariaDB in the background, or only reports the user's own
	 * database; {@link #awaitDatabase} waits for it.
	 */
	CompletableFuture<Void> startDatabase() {
		StackSettings.ExternalDatabase external = this.settings.externalDatabase();
		if (external != null) {
			return CompletableFuture.runAsync(() -> this.progress.report("mariadb", "using " + external.url()));
		}
		int port = this.settings.ports().mariadb();
		return CompletableFuture.runAsync(() -> {
			this.progress.report("mariadb", "starting on port " + port);
			this.mariaDb = EmbeddedMariaDb.start(this.settings.dataDir().resolve("mariadb"), port);
			// mysqld is a child of this JVM that no handle of ours names.
			this.ledger.recordDescendants();
			this.progress.report("mariadb", "up");
		});
	}

	/** Waits for {@link #startDatabase}, failing as it failed. */
	static void awaitDatabase(CompletableFuture<Void> database) {
		try {
			database.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof StackException stackException) {
				throw stackException;
			}
			throw new StackException(String.valueOf(ex.getCause()), ex.getCause());
		}
	}

	void startMongo() {
		this.progress.report("mongodb", "starting on port " + this.settings.ports().mongodb());
		this.mongo = EmbeddedMongo.start(this.settings.dataDir().resolve("mongodb"), this.settings.ports().mongodb());
		this.progress.report("mongodb", "up");
	}

	/** Starts the broker; returns it to wait for, as it answers only some time later. */
	KafkaBroker startKafka() {
		return startKafka("starting on port ");
	}

	/**
	 * Stops the broker and starts it again on the same ports and data; returns it to wait
	 * for.
	 */
	KafkaBroker restartKafka() {
		this.kafka.close();
		return startKafka("starting again on port ");
	}

	private KafkaBroker startKafka(String report) {
		StackSettings.Ports ports = this.settings.ports();
		this.progress.report("kafka", report + ports.kafka());
		this.kafka = KafkaBroker.start(this.settings.dataDir().resolve("kafka"), ports.kafka(), ports.kafkaController(),
				this.settings.kafkaProxy(), this.settings.logDir());
		this.ledger.record(this.kafka.process());
		return this.kafka;
	}

	/**
	 * Stops the MongoDB stand-in, leaves it down for a while and starts it again on the
	 * same port and data.
	 */
	void restartMongo(Duration down) {
		this.mongo.close();
		this.progress.report("mongodb", "stopped; starting again in " + down.toMillis() + " ms");
		Readiness.sleep(down);
		this.mongo = EmbeddedMongo.start(this.settings.dataDir().resolve("mongodb"), this.settings.ports().mongodb());
		this.progress.report("mongodb", "up");
	}

	String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	String mongoConnectionString() {
		return this.mongo.connectionString("mediaplatform");
	}

	/** auth-service's database settings: the user's own database, or the embedded one. */
	Map<String, String> databaseEnvironment() {
		StackSettings.ExternalDatabase external = this.settings.externalDatabase();
		if (external != null) {
			return Map.of("DB_URL", external.url(), "DB_USERNAME", external.username(), "DB_PASSWORD",
					external.password());
		}
		String local = StackSettings.LOCAL_DATABASE;
		return Map.of("DB_URL", this.mariaDb.jdbcUrl(), "DB_USERNAME", local, "DB_PASSWORD", local);
	}

	/** Whether any store was started, so that there is something to stop. */
	boolean started() {
		return this.kafka != null || this.mongo != null || this.mariaDb != null;
	}

	/**
	 * Stops Kafka, then MongoDB, then MariaDB; a store that fails to stop is reported.
	 */
	@Override
	public void close() {
		quietly(this.kafka);
		quietly(this.mongo);
		quietly(this.mariaDb);
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

}
