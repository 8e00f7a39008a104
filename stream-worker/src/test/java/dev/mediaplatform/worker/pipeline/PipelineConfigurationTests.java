package dev.mediaplatform.worker.pipeline;

import java.nio.file.Path;
import java.time.Clock;

import dev.mediaplatform.localstack.PortGuard;
import dev.mediaplatform.worker.config.WorkerProperties;
import dev.mediaplatform.worker.media.ffmpeg.AddressCheckEngineTests;
import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The engine the pipelines run checks camera addresses with the operator's networks. */
class PipelineConfigurationTests {

	@TempDir
	Path storage;

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Properties.class, PipelineConfiguration.class)
		.withPropertyValues("worker.id=test-worker", "worker.media.open-timeout=2s");

	MediaFailure failureOf(AssertableApplicationContext context, String url) {
		assertThat(context).hasNotFailed();
		MediaEngine engine = context.getBean(MediaEngine.class);
		return assertThatExceptionOfType(MediaFailure.class)
			.isThrownBy(() -> engine.run(new LiveSource("cam", url, LiveSource.Transport.TCP),
					new MediaEngine.Outputs(this.storage.resolve("live"), null, Clock.systemUTC()),
					new AddressCheckEngineTests.QuietSession()))
			.actual();
	}

	@Test
	void shouldRefuseLoopbackCamerasWhenTheOperatorAllowsNothing() {
		this.runner.run((context) -> assertThat(
				failureOf(context, "rtsp://127.0.0.1:" + PortGuard.freePort() + "/cam1").getMessage())
			.startsWith("the camera's address is a loopback address;"));
	}

	@Test
	void shouldConnectToNetworksTheOperatorAllows() {
		this.runner.withPropertyValues("worker.camera-addresses.allow=10.0.0.0/8, 127.0.0.1/32")
			.run((context) -> assertThat(
					failureOf(context, "rtsp://127.0.0.1:" + PortGuard.freePort() + "/cam1").getMessage())
				.isEqualTo(MediaFailure.unreachable().getMessage()));
	}

	@Test
	void shouldRefuseNetworksTheOperatorDenies() {
		this.runner
			.withPropertyValues("worker.camera-addresses.allow=127.0.0.0/8",
					"worker.camera-addresses.deny=127.0.0.1/32")
			.run((context) -> assertThat(failureOf(context, "rtsp://127.0.0.1:554/cam1").getMessage())
				.contains("in a network the operator refuses"));
	}

	@Test
	void shouldAllowTheOperatorsAddressOnItsPortOnlyAndNeverThePlatformsPorts() {
		int port = PortGuard.freePort();
		this.runner
			.withPropertyValues("worker.camera-addresses.allow=127.0.0.1:" + port,
					"worker.camera-addresses.platform-ports=" + (port + 1))
			.run((context) -> {
				assertThat(failureOf(context, "rtsp://localhost:" + port + "/cam1").getMessage())
					.isEqualTo(MediaFailure.unreachable().getMessage());
				assertThat(failureOf(context, "rtsp://127.0.0.1:27017/cam1").getMessage())
					.startsWith("the camera's address is a loopback address;");
				assertThat(failureOf(context, "rtsp://127.0.0.1:" + (port + 1) + "/cam1").getMessage())
					.startsWith("the camera's port is a port the platform's own services use;");
			});
	}

	@Test
	void shouldRefuseTheDefaultPlatformPortsWhenNoneAreSet() {
		this.runner.withPropertyValues("worker.camera-addresses.allow=127.0.0.0/8")
			.run((context) -> assertThat(failureOf(context, "rtsp://127.0.0.1:27017/cam1").getMessage())
				.startsWith("the camera's port is a port the platform's own services use;"));
	}

	@Test
	void shouldNotStartWithANetworkItCannotRead() {
		this.runner.withPropertyValues("worker.camera-addresses.deny=10.0.0.1/8")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("CAMERA_ADDRESS_DENY")
				.hasMessageContaining("'10.0.0.1/8'"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(WorkerProperties.class)
	static class Properties {

	}

}
