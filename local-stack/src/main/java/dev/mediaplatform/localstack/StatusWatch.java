package dev.mediaplatform.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * A user's Socket.IO channel, watched with the official npm client as the web UI watches
 * it: every {@code cameraStatus} and {@code cameraRemoved} event, in order, and after
 * every reconnection a {@code snapshot} of the cameras reloaded through the API. The
 * client is {@code e2e-tests/src/test/node/status-watch.mjs}, whose npm packages the
 * e2e-tests build installs.
 */
public final class StatusWatch implements AutoCloseable {

	private final Process node;

	private final List<JsonNode> events = new CopyOnWriteArrayList<>();

	private StatusWatch(Process node) {
		this.node = node;
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					if (line.startsWith("{")) {
						this.events.add(ApiClient.json.readTree(line));
					}
				}
			}
			catch (IOException ex) {
				// The watch ended.
			}
		}, "status-watch");
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Connects a watch for the user with this token over one transport ({@code websocket}
	 * or {@code polling}) and waits until it is connected.
	 * @param clients the folder of {@code status-watch.mjs} and its npm packages
	 */
	public static StatusWatch start(ApiClient gateway, String token, String transport, Path clients) {
		if (!Files.isDirectory(clients.resolve("node_modules/socket.io-client"))) {
			throw new StackException("socket.io-client is not installed in " + clients
					+ ": build e2e-tests first (./mvnw -pl e2e-tests test-compile installs it)");
		}
		try {
			StatusWatch watch = new StatusWatch(
					new ProcessBuilder("node", "status-watch.mjs", gateway.baseUrl(), token, transport)
						.directory(clients.toFile())
						.redirectError(ProcessBuilder.Redirect.INHERIT)
						.start());
			watch.await("connected", (event) -> event.path("event").asString().equals("connect"),
					Duration.ofSeconds(30));
			return watch;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The camera's status as this client knows it: from the newest push or reload that
	 * named it, or {@code null}.
	 */
	public String lastKnown(String cameraId) {
		List<JsonNode> seen = List.copyOf(this.events);
		for (int i = seen.size() - 1; i >= 0; i--) {
			JsonNode event = seen.get(i);
			String kind = event.path("event").asString();
			if (kind.equals("cameraStatus") && event.path("cameraId").asString().equals(cameraId)) {
				return event.path("status").asString();
			}
			if (kind.equals("snapshot")) {
				for (JsonNode camera : event.path("cameras")) {
					if (camera.path("cameraId").asString().equals(cameraId)) {
						return camera.path("status").asString();
					}
				}
				return null;
			}
		}
		return null;
	}

	/** Everything the client printed so far, in order. */
	public List<JsonNode> events() {
		return List.copyOf(this.events);
	}

	/** How many times the client connected, the first time included. */
	public long connections() {
		return this.events.stream().filter((event) -> event.path("event").asString().equals("connect")).count();
	}

	/** Waits for a camera's status; returns the event. */
	public JsonNode awaitStatus(String cameraId, String state, Duration timeout) {
		return await(cameraId + " " + state, (event) -> event.path("event").asString().equals("cameraStatus")
				&& event.path("cameraId").asString().equals(cameraId) && event.path("status").asString().equals(state),
				timeout);
	}

	/** The states pushed for a camera so far, in order. */
	public List<String> states(String cameraId) {
		return this.events.stream()
			.filter((event) -> event.path("cameraId").asString().equals(cameraId))
			.map((event) -> event.path("status").asString())
			.toList();
	}

	public int size() {
		return this.events.size();
	}

	/** Waits for an event after the first {@code from} events. */
	public JsonNode awaitAfter(int from, String what, Predicate<JsonNode> matching, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			List<JsonNode> seen = List.copyOf(this.events);
			for (int i = from; i < seen.size(); i++) {
				if (matching.test(seen.get(i))) {
					return seen.get(i);
				}
			}
			if (System.nanoTime() > deadline || !this.node.isAlive()) {
				throw new AssertionError("no " + what + " over Socket.IO within " + timeout + "; seen: " + seen);
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	public JsonNode await(String what, Predicate<JsonNode> matching, Duration timeout) {
		return awaitAfter(0, what, matching, timeout);
	}

	@Override
	public void close() {
		try {
			this.node.getOutputStream().close();
			if (!this.node.waitFor(10, TimeUnit.SECONDS)) {
				this.node.destroyForcibly();
			}
		}
		catch (IOException ex) {
			this.node.destroyForcibly();
		}
		catch (InterruptedException ex) {
			this.node.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
