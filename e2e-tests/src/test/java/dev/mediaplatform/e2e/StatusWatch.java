package dev.mediaplatform.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.mediaplatform.localstack.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * A user's Socket.IO channel, watched with the official npm client as the web UI watches
 * it: every {@code cameraStatus} and {@code cameraRemoved} event, in order.
 */
final class StatusWatch implements AutoCloseable {

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

	static StatusWatch start(ApiClient gateway, String token) {
		try {
			StatusWatch watch = new StatusWatch(
					new ProcessBuilder("node", "status-watch.mjs", gateway.baseUrl(), token, "websocket")
						.directory(SocketIoIT.clients.toFile())
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

	/** Waits for a camera's status; returns the event. */
	JsonNode awaitStatus(String cameraId, String state, Duration timeout) {
		return await(cameraId + " " + state, (event) -> event.path("event").asString().equals("cameraStatus")
				&& event.path("cameraId").asString().equals(cameraId) && event.path("status").asString().equals(state),
				timeout);
	}

	/** The states pushed for a camera so far, in order. */
	List<String> states(String cameraId) {
		return this.events.stream()
			.filter((event) -> event.path("cameraId").asString().equals(cameraId))
			.map((event) -> event.path("status").asString())
			.toList();
	}

	int size() {
		return this.events.size();
	}

	/** Waits for an event after the first {@code from} events. */
	JsonNode awaitAfter(int from, String what, Predicate<JsonNode> matching, Duration timeout) {
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

	JsonNode await(String what, Predicate<JsonNode> matching, Duration timeout) {
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
