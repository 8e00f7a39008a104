package dev.mediaplatform.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.RtspTestCamera;
import dev.mediaplatform.localstack.StackSettings;
import dev.mediaplatform.localstack.WorkerMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard and the alert rules read metrics the running platform exports: every
 * metric named by a PromQL expression under {@code monitoring/} is on some service's
 * Prometheus page, with a camera playing so that the per-camera series exist. The
 * gateway's page is on its metrics port, and nothing of any Prometheus page is reachable
 * through the public port.
 */
class MonitoringIT {

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	static final ApiClient gateway = SharedPlatform.gateway();

	static RtspTestCamera camera;

	@BeforeAll
	static void startCamera() throws Exception {
		camera = RtspTestCamera.start(RtspTestCamera.Options.defaults().withMounts(1));
	}

	@AfterAll
	static void stopCamera() {
		camera.close();
	}

	@Test
	void shouldExportEveryMetricTheDashboardAndTheAlertsRead() throws Exception {
		TestUser user = TestUser.register(gateway, "metrics");
		String id = LiveStreamIT.addCamera(user, camera.url(1));
		LiveStreamIT.startStream(user, id);
		Response recording = gateway.post("/recordStream", Map.of("cameraId", id, "enabled", true), user.auth());
		assertThat(recording.json().path("success").asBoolean()).as(recording.body()).isTrue();
		int worker = SharedPlatform.get().settings().ports().worker();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!WorkerMetrics.playingOn(worker, 10).contains(id) && System.nanoTime() < deadline) {
			Thread.sleep(500);
		}
		assertThat(WorkerMetrics.playingOn(worker, 10)).as("cameras the worker plays").contains(id);

		Map<String, Set<String>> pages = pages();
		Set<String> exported = new TreeSet<>();
		pages.values().forEach(exported::addAll);
		pages.forEach((service, names) -> assertThat(names).as(service)
			.contains("jvm_memory_used_bytes", "http_server_requests_seconds_count"));
		assertThat(pages.get("stream-worker")).contains("kafka_consumer_fetch_manager_records_lag_max",
				"worker_pipeline_segment_age_seconds", "worker_storage_free_bytes");
		assertThat(pages.get("camera-service")).contains("camera_socketio_sessions",
				"kafka_consumer_fetch_manager_records_lag_max");

		List<String> missing = new ArrayList<>();
		Map<String, String> expressions = new LinkedHashMap<>();
		MonitoringFiles.dashboardQueries()
			.forEach((panel, queries) -> queries
				.forEach((query) -> expressions.put("panel " + panel + ": " + query, query)));
		MonitoringFiles.alertExpressions()
			.forEach((alert, expr) -> expressions.put("alert " + alert + ": " + expr, expr));
		expressions.forEach((where, expr) -> MonitoringFiles.metricNames(expr)
			.stream()
			.filter((name) -> !MonitoringFiles.PROMETHEUS_OWN.contains(name) && !exported.contains(name))
			.forEach((name) -> missing.add(name + " (" + where + ")")));
		assertThat(missing).as("metrics named under monitoring/ that no service exports").isEmpty();
	}

	@Test
	void shouldNotServeAnyPrometheusPageOnThePublicPort() throws Exception {
		HttpResponse<String> anonymous = get(SharedPlatform.get().settings().ports().gateway(), "/actuator/prometheus");

		assertThat(anonymous.statusCode()).isNotEqualTo(200);
		assertThat(anonymous.body()).doesNotContain("jvm_memory_used_bytes");
		assertThat(get(SharedPlatform.GATEWAY_METRICS_PORT, "/actuator/prometheus").body())
			.contains("jvm_memory_used_bytes");
	}

	private static Map<String, Set<String>> pages() throws Exception {
		StackSettings.Ports ports = SharedPlatform.get().settings().ports();
		Map<String, Integer> services = new LinkedHashMap<>();
		services.put("api-gateway", SharedPlatform.GATEWAY_METRICS_PORT);
		services.put("discovery-server", ports.discovery());
		services.put("auth-service", ports.auth());
		services.put("camera-service", ports.camera());
		services.put("stream-worker", ports.worker());
		Map<String, Set<String>> pages = new LinkedHashMap<>();
		for (Map.Entry<String, Integer> service : services.entrySet()) {
			HttpResponse<String> page = get(service.getValue(), "/actuator/prometheus");
			assertThat(page.statusCode()).as(service.getKey()).isEqualTo(200);
			pages.put(service.getKey(), MonitoringFiles.exported(page.body()));
		}
		return pages;
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
