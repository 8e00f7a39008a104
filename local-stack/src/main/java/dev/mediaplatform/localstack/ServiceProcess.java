package dev.mediaplatform.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of the platform's Spring services, started from its packaged jar as a JVM of its
 * own.
 */
public final class ServiceProcess {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final JavaProcess process;

	private final URI readiness;

	private ServiceProcess(JavaProcess process, URI readiness) {
		this.process = process;
		this.readiness = readiness;
	}

	public static ServiceProcess start(String name, Path jar, int port, Map<String, String> env,
			List<String> jvmOptions, Path logDir) {
		List<String> jvm = new ArrayList<>(jvmOptions);
		jvm.add("-Dspring.output.ansi.enabled=never");
		JavaProcess process = JavaProcess.start(name, jvm, List.of("-jar", jar.toString()), env,
				logDir.resolve(name + ".log"));
		return new ServiceProcess(process, URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"));
	}

	public JavaProcess process() {
		return this.process;
	}

	public String name() {
		return this.process.name();
	}

	/** True once the service's readiness group answers UP. */
	public boolean isReady() {
		return this.process.isAlive() && isUp(this.readiness);
	}

	static boolean isUp(URI health) {
		try {
			HttpResponse<String> response = HTTP.send(
					HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(3)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"UP\"");
		}
		catch (java.io.IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
