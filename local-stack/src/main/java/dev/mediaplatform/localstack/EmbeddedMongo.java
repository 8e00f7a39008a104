package dev.mediaplatform.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * A MongoDB wire-protocol server (mongo-java-server) whose H2 file keeps the data across
 * restarts. Real MongoDB runs in docker-compose and Kubernetes; this stands in for it
 * locally and in tests. It has no transactions.
 */
public final class EmbeddedMongo implements AutoCloseable {

	private final MongoServer server;

	private final H2Backend backend;

	private final int port;

	private EmbeddedMongo(MongoServer server, H2Backend backend, int port) {
		this.server = server;
		this.backend = backend;
		this.port = port;
	}

	/** Starts on a file in {@code folder}; {@code port} 0 picks a free port. */
	public static EmbeddedMongo start(Path folder, int port) {
		try {
			Files.createDirectories(folder);
		}
		catch (IOException ex) {
			throw new StackException("cannot create " + folder + ": " + ex.getMessage(), ex);
		}
		H2Backend backend = new H2Backend(folder.resolve("mongo.mv").toString());
		return bind(backend, port);
	}

	/** Starts with nothing on disk, for tests. */
	public static EmbeddedMongo startInMemory() {
		return bind(H2Backend.inMemory(), 0);
	}

	private static EmbeddedMongo bind(H2Backend backend, int port) {
		MongoServer server = new MongoServer(backend);
		try {
			server.bind("127.0.0.1", port);
		}
		catch (RuntimeException ex) {
			backend.close();
			throw new StackException("MongoDB stand-in could not listen on port " + port + ": " + ex.getMessage(), ex);
		}
		return new EmbeddedMongo(server, backend, server.getLocalAddress().getPort());
	}

	public int port() {
		return this.port;
	}

	public String connectionString(String database) {
		return "mongodb://127.0.0.1:" + this.port + "/" + database;
	}

	@Override
	public void close() {
		this.server.shutdown();
		this.backend.close();
	}

}
