package dev.mediaplatform.e2e;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard and the alert rules parse, every panel has a query, every rule an
 * expression and a description; and the PromQL reading that {@code MonitoringIT} relies
 * on finds the metric names of an expression and nothing else.
 */
class MonitoringFilesTests {

	@Test
	void shouldGiveEveryPanelAQueryNamingAMetric() throws Exception {
		Map<String, List<String>> panels = MonitoringFiles.dashboardQueries();

		assertThat(panels).hasSizeGreaterThanOrEqualTo(12);
		panels.forEach((title, queries) -> {
			assertThat(queries).as(title).isNotEmpty();
			queries.forEach((query) -> assertThat(MonitoringFiles.metricNames(query)).as(query).isNotEmpty());
		});
		assertThat(MonitoringFiles.dashboard().path("uid").asString()).isEqualTo("media-platform");
	}

	@Test
	void shouldGiveEveryAlertAnExpressionAndARunbook() throws Exception {
		Map<String, String> alerts = MonitoringFiles.alertExpressions();

		assertThat(alerts).containsKeys("StreamWorkerDown", "SegmentAgeRising", "StorageNearlyFull", "KafkaConsumerLag",
				"RecordingFailed");
		alerts.forEach((name, expr) -> assertThat(MonitoringFiles.metricNames(expr)).as(name).isNotEmpty());
		assertThat(java.nio.file.Files.readString(MonitoringFiles.ALERTS)).contains("description:");
	}

	@Test
	void shouldReadMetricNamesOutOfPromQl() {
		assertThat(MonitoringFiles.metricNames(
				"histogram_quantile(0.95, sum by (application, le) (rate(http_server_requests_seconds_bucket{status=~\"5..\", uri!=\"/x\"}[5m])))"))
			.containsExactly("http_server_requests_seconds_bucket");
		assertThat(MonitoringFiles.metricNames(
				"min by (instance) (worker_storage_free_bytes) < 2 * max without (job) (worker_storage_floor_bytes) or absent(up{job=\"w\"})"))
			.containsExactly("up", "worker_storage_floor_bytes", "worker_storage_free_bytes");
		assertThat(MonitoringFiles.metricNames("increase(worker_recording_failures_total[10m] offset 1h) > 1e3"))
			.containsExactly("worker_recording_failures_total");
	}

	@Test
	void shouldReadSeriesNamesOffAPrometheusPage() {
		String page = """
				# HELP worker_pipelines_active Pipelines this worker runs
				# TYPE worker_pipelines_active gauge
				worker_pipelines_active{application="stream-worker"} 0.0
				http_server_requests_seconds_bucket{le="0.1"} 3
				process_uptime_seconds 12.5
				""";

		assertThat(MonitoringFiles.exported(page)).containsExactly("http_server_requests_seconds_bucket",
				"process_uptime_seconds", "worker_pipelines_active");
	}

}
