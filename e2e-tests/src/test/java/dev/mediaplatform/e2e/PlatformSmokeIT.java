package dev.mediaplatform.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.mediaplatform.localstack.Folders;
import dev.mediaplatform.localstack.LocalStack;
import dev.mediaplatform.localstack.PortGuard;
import dev.mediaplatform.localstack.StackSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's run command, {@code ./run-local}, started from the packaged jars on ports
 * of its own: it prints the gateway URL once every service is registered and healthy as
 * seen through the gateway port, and {@code ./run-local stop} leaves no process behind.
 */
class PlatformSmokeIT {

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static final Path home = Path.of(System.getProperty("media.home", "..")).toAbsolutePath().normalize();

	@Test
	void shouldServeEveryServiceBehindTheGatewayAndLeaveNoProcessWhenStopped() throws Exception {
		Path data = home.resolve("e2e-tests/target/platform-data");
		LocalStack.stopLeftovers(new StackSettings(home, data, StackSettings.Ports.DEFAULTS, null));
		Folders.deleteRecursively(data);
		int gateway = PortGuard.freePort();
		int discovery = PortGuard.freePort();
		Map<String, String> env = new HashMap<>();
		env.put("MEDIA_DATA_DIR", data.toString());
		env.put("RUN_LOCAL_SKIP_BUILD", "1");
		env.put("GATEWAY_PORT", Integer.toString(gateway));
		env.put("DISCOVERY_PORT", Integer.toString(discovery));
		for (String port : List.of("AUTH_PORT", "CAMERA_PORT", "WORKER_PORT", "KAFKA_PORT", "KAFKA_CONTROLLER_PORT",
				"MARIADB_PORT", "MONGODB_PORT", "CAMERA_SOCKETIO_PORT")) {
			env.put(port, Integer.toString(PortGuard.freePort()));
		}

		Process runLocal = runLocal(env, "start");
		List<String> output = new CopyOnWriteArrayList<>();
		CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> collect(runLocal, output));
		List<ProcessHandle> processes = new ArrayList<>();
		try {
			awaitLine(output, "Media Platform is up: http://localhost:" + gateway, runLocal);
			assertThat(output).anyMatch((line) -> line.contains("kafka") && line.contains("up"))
				.anyMatch((line) -> line.contains("mariadb") && line.contains("up"));

			HttpResponse<String> health = get("http://localhost:" + gateway + "/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			// UP includes the platform component: every service registered and ready. Who
			// is not ready is for administrators; anonymous callers get the status alone.
			JsonNode status = JsonMapper.shared().readTree(health.body());
			assertThat(status.path("status").asString()).isEqualTo("UP");
			assertThat(status.has("components")).as(health.body()).isFalse();
			HttpResponse<String> registry = http
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + discovery + "/eureka/apps"))
					.header("Accept", "application/json")
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(registry.body()).contains("\"API-GATEWAY\"", "\"AUTH-SERVICE\"", "\"CAMERA-SERVICE\"",
					"\"STREAM-WORKER\"", "\"DISCOVERY-SERVER\"");

			processes.addAll(runLocal.descendants().toList());
			assertThat(processes).as("five services, Kafka and mysqld").hasSizeGreaterThanOrEqualTo(7);

			Process stop = runLocal(env, "stop");
			stop.getInputStream().transferTo(System.out);
			assertThat(stop.waitFor(3, TimeUnit.MINUTES)).isTrue();
			assertThat(stop.exitValue()).isZero();
			assertThat(runLocal.waitFor(1, TimeUnit.MINUTES)).as("the launcher exits after stop").isTrue();
		}
		finally {
			runLocal.descendants().forEach(ProcessHandle::destroyForcibly);
			runLocal.destroyForcibly();
			reader.get(10, TimeUnit.SECONDS);
		}
		assertThat(processes).noneMatch(ProcessHandle::isAlive);
		assertThat(output).anyMatch((line) -> line.contains("stopped"));
	}

	private static Process runLocal(Map<String, String> env, String command) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(home.resolve("run-local").toString(), command)
			.redirectErrorStream(true);
		builder.environment().putAll(env);
		return builder.start();
	}

	private static void collect(Process process, List<String> output) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				System.out.println("run-local | " + line);
				output.add(line);
			}
		}
		catch (IOException ex) {
			// The process ended; what was read is kept.
		}
	}

	private static void awaitLine(List<String> output, String expected, Process process) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
		while (output.stream().noneMatch((line) -> line.contains(expected))) {
			assertThat(process.isAlive()).as("run-local exited early:%n%s", String.join("\n", output)).isTrue();
			assertThat(System.nanoTime()).as("run-local not up in time:%n%s", String.join("\n", output))
				.isLessThan(deadline);
			Thread.sleep(500);
		}
	}

	private static HttpResponse<String> get(String url) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
