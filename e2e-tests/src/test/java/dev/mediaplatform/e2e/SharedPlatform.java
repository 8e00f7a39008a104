package dev.mediaplatform.e2e;

import java.nio.file.Path;
import java.util.Map;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.Folders;
import dev.mediaplatform.localstack.LocalStack;
import dev.mediaplatform.localstack.PortGuard;
import dev.mediaplatform.localstack.Progress;
import dev.mediaplatform.localstack.StackSettings;

/**
 * One local platform for all end-to-end tests of this JVM, started on first use from the
 * packaged jars, on free ports and an empty data folder, and stopped when the JVM exits.
 * Starting it takes half a minute; tests share it.
 */
final class SharedPlatform {

	/** Registers as administrator on this platform (AUTH_ADMIN_USERNAME). */
	static final String ADMIN = "platform-admin";

	/** The gateway's Prometheus page is served here, never on its public port. */
	static final int GATEWAY_METRICS_PORT = PortGuard.freePort();

	/** Recording chunks are short here, so that tests see several. */
	static final int RECORDING_CHUNK_SECONDS = 4;

	/**
	 * Every service exports all its spans here (TracingIT reads them); the platform runs
	 * as it would with a collector.
	 */
	static final OtlpReceiver TRACES = OtlpReceiver.start();

	private static LocalStack stack;

	private SharedPlatform() {
	}

	static synchronized LocalStack get() {
		if (stack == null) {
			stack = startOnceMore();
			Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "shared-platform-shutdown"));
			awaitServicesSeeEachOther(stack.settings().ports().gateway());
		}
		return stack;
	}

	/**
	 * Starts the platform on free ports and an empty folder, and once more (on other
	 * ports) if that fails: on a loaded 2-core CI machine the very first start of a run
	 * has twice left a service that never became ready (the error prints the end of its
	 * log), while every later start was fine.
	 */
	private static LocalStack startOnceMore() {
		for (int attempt = 1;; attempt++) {
			StackSettings settings = settings();
			// A run that was killed, or a failed attempt, may have left its processes
			// writing into the folder.
			LocalStack.stopLeftovers(settings);
			Folders.deleteRecursively(settings.dataDir());
			try {
				return LocalStack.start(settings, new Progress(System.out));
			}
			catch (RuntimeException ex) {
				if (attempt == 2) {
					throw ex;
				}
				System.out.println("The shared platform did not start; starting it once more. The cause: " + ex);
			}
		}
	}

	private static StackSettings settings() {
		Path home = Path.of(System.getProperty("media.home", "..")).toAbsolutePath().normalize();
		Path data = home.resolve("e2e-tests/target/shared-platform");
		StackSettings.Ports ports = new StackSettings.Ports(PortGuard.freePort(), PortGuard.freePort(),
				PortGuard.freePort(), PortGuard.freePort(), PortGuard.freePort(), PortGuard.freePort(),
				PortGuard.freePort(), PortGuard.freePort(), PortGuard.freePort(), PortGuard.freePort());
		return new StackSettings(home, data, ports, null)
			// Every test calls from the same address: per-address brakes up, per-username
			// brakes as shipped.
			.withServiceEnvironment(Map.of("AUTH_ADMIN_USERNAME", ADMIN, "AUTH_REGISTER_PER_ADDRESS", "10000",
					"AUTH_LOGIN_PER_ADDRESS", "10000", "RECORDING_CHUNK_SECONDS",
					Integer.toString(RECORDING_CHUNK_SECONDS), "RECORDING_RETENTION_INTERVAL", "2s",
					// Tests fill no disk; a small test machine keeps its recordings.
					"RECORDING_FREE_SPACE_FLOOR", "1MB",
					// The tests' cameras listen on 127.0.0.1, refused unless allowed.
					"CAMERA_ADDRESS_ALLOW", "127.0.0.1/32", "GATEWAY_METRICS_PORT",
					Integer.toString(GATEWAY_METRICS_PORT), "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
					TRACES.tracesEndpoint(), "TRACING_SAMPLING_PROBABILITY", "1.0"));
	}

	/**
	 * The platform is up when the gateway sees every service; a service sees the others
	 * within seconds more (its own registry refresh). Until then a camera call answers
	 * 503; tests start once it does not.
	 */
	private static void awaitServicesSeeEachOther(int gatewayPort) {
		ApiClient gateway = new ApiClient("http://localhost:" + gatewayPort);
		long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
		// The gateway's load balancer may not list auth-service for a moment after the
		// platform reports ready (503): registering is tried until it answers.
		ApiClient.Response registered = gateway.post("/register", ApiClient.credentials("warm-up", "warm-up-password"));
		while (registered.status() != 200) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the gateway still cannot register a user a minute after start: "
						+ registered.status() + " " + registered.body());
			}
			pause();
			registered = gateway.post("/login", ApiClient.credentials("warm-up", "warm-up-password"));
			if (registered.status() != 200) {
				registered = gateway.post("/register", ApiClient.credentials("warm-up", "warm-up-password"));
			}
		}
		String token = registered.json().path("token").asString();
		while (gateway.get("/cameras", ApiClient.bearer(token)).status() != 200) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("camera-service still cannot verify tokens a minute after start");
			}
			pause();
		}
	}

	private static void pause() {
		try {
			Thread.sleep(500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The gateway, the only public door. */
	static ApiClient gateway() {
		return new ApiClient("http://localhost:" + get().settings().ports().gateway());
	}

	/**
	 * A service's own port, bypassing the gateway, as an attacker inside the network
	 * would.
	 */
	static ApiClient direct(int port) {
		return new ApiClient("http://127.0.0.1:" + port);
	}

	static Path dataDir() {
		return get().settings().dataDir();
	}

}
