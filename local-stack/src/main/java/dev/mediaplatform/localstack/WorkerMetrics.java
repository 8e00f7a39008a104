package dev.mediaplatform.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a stream worker says of itself on its Prometheus page: the cameras it runs and the
 * command partitions it owns. For tests and tools that need to know where a camera runs.
 */
public final class WorkerMetrics {

	private static final Pattern CAMERA = Pattern
		.compile("worker_pipeline_segment_age_seconds\\{camera=\"([0-9a-f-]{36})\"\\} ([-0-9.eE+]+)");

	private static final Pattern ASSIGNED = Pattern
		.compile("(?m)^worker_partitions_assigned(?:\\{[^}]*\\})? ([0-9.eE+]+)$");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private WorkerMetrics() {
	}

	/** The cameras a worker runs now (none while it does not answer). */
	public static Set<String> camerasOn(int workerPort) {
		Matcher matcher = CAMERA.matcher(page(workerPort));
		return matcher.results().map((match) -> match.group(1)).collect(Collectors.toSet());
	}

	/**
	 * The cameras a worker plays now: it wrote a segment of each within the last
	 * {@code seconds} (a pipeline that has not written its first segment yet is not
	 * playing).
	 */
	public static Set<String> playingOn(int workerPort, double seconds) {
		Matcher matcher = CAMERA.matcher(page(workerPort));
		return matcher.results().filter((match) -> {
			double age = Double.parseDouble(match.group(2));
			return age >= 0 && age <= seconds;
		}).map((match) -> match.group(1)).collect(Collectors.toSet());
	}

	/** The command partitions a worker says it owns (0 while it does not answer). */
	public static int assignedPartitions(int workerPort) {
		Matcher matcher = ASSIGNED.matcher(page(workerPort));
		return matcher.find() ? (int) Double.parseDouble(matcher.group(1)) : 0;
	}

	/** A worker's Prometheus page, empty while it does not answer. */
	public static String page(int workerPort) {
		try {
			return http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + workerPort + "/actuator/prometheus"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

}
