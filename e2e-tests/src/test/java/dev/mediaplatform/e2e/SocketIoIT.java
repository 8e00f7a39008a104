package dev.mediaplatform.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.mediaplatform.localstack.ApiClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static dev.mediaplatform.localstack.ApiClient.credentials;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original Socket.IO API through the gateway, driven by the official npm
 * {@code socket.io-client} v4 over WebSocket and over long polling, with two users:
 * tokens checked at the handshake, every event acknowledged as before, and status pushed
 * only to those who may see the camera.
 */
class SocketIoIT {

	static final Path clients = Path.of(System.getProperty("media.home", ".."))
		.toAbsolutePath()
		.normalize()
		.resolve("e2e-tests/src/test/node");

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void shouldServeTheOriginalEventsToTheOfficialClient(String transport) throws Exception {
		ApiClient gateway = SharedPlatform.gateway();
		String bobName = "sio" + UUID.randomUUID().toString().substring(0, 8);
		String alice = gateway
			.post("/register",
					credentials("sia" + UUID.randomUUID().toString().substring(0, 8), "a long enough password"))
			.json()
			.path("token")
			.asString();
		String bob = gateway.post("/register", credentials(bobName, "a long enough password"))
			.json()
			.path("token")
			.asString();

		JsonNode seen = run(gateway.baseUrl(), alice, bob, bobName, transport);

		assertThat(seen.path("error").isMissingNode()).as(seen.toString()).isTrue();
		assertThat(seen.path("noToken").asString()).startsWith("refused");
		assertThat(seen.path("badToken").asString()).startsWith("refused");
		assertThat(seen.path("added").path("success").asBoolean()).isTrue();
		assertThat(seen.path("added").path("camera").path("rtspUrl").asString())
			.isEqualTo("rtsp://user:****@socket.local/live");
		assertThat(seen.path("badAdd").path("success").asBoolean()).isFalse();
		assertThat(seen.path("badAdd").path("error").asString()).contains("rtspUrl");
		assertThat(seen.path("aliceCameras").isArray()).isTrue();
		assertThat(seen.path("aliceCameras").size()).isEqualTo(1);
		assertThat(seen.path("bobCamerasBefore").size()).isZero();
		assertThat(seen.path("bobStartBeforeShare").path("success").asBoolean()).isFalse();
		assertThat(seen.path("shared").path("success").asBoolean()).isTrue();
		assertThat(seen.path("bobStatusOnShare").path("camera").path("rtspUrl").asString())
			.isEqualTo("rtsp://socket.local/live");
		assertThat(seen.path("bobCamerasAfter").get(0).path("role").asString()).isEqualTo("viewer");
		for (String refused : List.of("bobStartAsViewer", "bobStopAsViewer", "bobRecordAsViewer", "bobShareAsViewer",
				"bobDeleteAsViewer")) {
			assertThat(seen.path(refused).path("success").asBoolean()).as(refused).isFalse();
			assertThat(seen.path(refused).path("error").asString()).as(refused).isNotBlank();
		}
		assertThat(seen.path("started").path("success").asBoolean()).isTrue();
		assertThat(seen.path("started").path("streamUrl").asString())
			.matches("/streams/[0-9a-f-]{36}/v2\\.[0-9]+\\.[A-Za-z0-9_-]{1,64}\\.[A-Za-z0-9_-]{43}/index\\.m3u8");
		assertThat(seen.path("bobStatusOnStart").path("streaming").asBoolean()).isTrue();
		assertThat(seen.path("stopped").path("success").asBoolean()).isTrue();
		assertThat(seen.path("recordWrongType").path("success").asBoolean()).as("enabled: 1").isFalse();
		assertThat(seen.path("recordWrongType").path("error").asString()).contains("enabled");
		assertThat(seen.path("recorded").path("recording").asBoolean()).isTrue();
		assertThat(seen.path("deleted").path("success").asBoolean()).isTrue();
		assertThat(seen.path("bobRemoved").path("cameraId").asString())
			.isEqualTo(seen.path("added").path("camera").path("id").asString());
		assertThat(seen.path("stopDeleted").path("success").asBoolean()).isFalse();
		assertThat(seen.toString()).doesNotContain("hunter2");
	}

	private static JsonNode run(String gateway, String alice, String bob, String bobName, String transport)
			throws IOException, InterruptedException {
		return script("socketio-scenario.mjs", gateway, alice, bob, bobName, transport);
	}

	/**
	 * Runs one of the Node clients in {@code src/test/node} and reads the JSON object it
	 * prints last.
	 */
	static JsonNode script(String name, String... arguments) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>(List.of("node", name));
		command.addAll(List.of(arguments));
		Process node = new ProcessBuilder(command).directory(clients.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		java.util.concurrent.CompletableFuture<String> stdout = java.util.concurrent.CompletableFuture
			.supplyAsync(() -> {
				try {
					return new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
				}
				catch (IOException ex) {
					return "";
				}
			});
		boolean finished = node.waitFor(3, TimeUnit.MINUTES);
		if (!finished) {
			node.destroyForcibly();
		}
		assertThat(finished).as("the scenario ends by itself").isTrue();
		String output = stdout.join();
		assertThat(output).as("the scenario's output").startsWith("{");
		return ApiClient.json.readTree(output.substring(output.lastIndexOf("\n") + 1));
	}

}
