package dev.mediaplatform.camera;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.mediaplatform.localstack.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * Just enough of a Socket.IO v4 client (Engine.IO 4 over a WebSocket) to call an event
 * with an acknowledgement as the original clients do, without a Socket.IO library in this
 * module: {@code 40} connects, {@code 42<id>[event, data]} emits, {@code 43<id>[...]} is
 * the answer; pings ({@code 2}) are answered ({@code 3}); pushes
 * ({@code 42[event, data]}) are read with {@link #push}, or skipped while waiting for
 * something else.
 */
final class SocketIoProbe implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final BlockingQueue<String> packets = new LinkedBlockingQueue<>();

	private final WebSocket socket;

	private int nextAck;

	private SocketIoProbe(int port, String token) throws Exception {
		this.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + port + "/socket.io/?EIO=4&transport=websocket&token=" + token),
					new Collector())
			.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		next("0");
		send("40");
		next("40");
	}

	static SocketIoProbe connect(int port, String token) throws Exception {
		return new SocketIoProbe(port, token);
	}

	/** Emits an event and answers the first argument of its acknowledgement. */
	JsonNode ask(String event, Object data) throws Exception {
		int id = this.nextAck++;
		send("42" + id + ApiClient.json.writeValueAsString(List.of(event, data)));
		String prefix = "43" + id;
		return ApiClient.json.readTree(next(prefix + "[").substring(prefix.length())).get(0);
	}

	/** Waits for a push of this event and answers its first argument. */
	JsonNode push(String event) throws Exception {
		String prefix = "42[\"" + event + "\",";
		String packet = next(prefix);
		return ApiClient.json.readTree(packet.substring(2)).get(1);
	}

	private void send(String packet) throws Exception {
		this.socket.sendText(packet, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	private String next(String prefix) throws Exception {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			String packet = this.packets.poll(100, TimeUnit.MILLISECONDS);
			if (packet == null) {
				continue;
			}
			if (packet.equals("2")) {
				send("3");
			}
			else if (packet.startsWith(prefix)) {
				return packet;
			}
		}
		throw new AssertionError("no Socket.IO packet starting with " + prefix + " within " + TIMEOUT);
	}

	@Override
	public void close() {
		this.socket.abort();
	}

	private final class Collector implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				SocketIoProbe.this.packets.add(this.partial.toString());
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

	}

}
