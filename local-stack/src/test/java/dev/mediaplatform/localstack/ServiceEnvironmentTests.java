package dev.mediaplatform.localstack;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceEnvironmentTests {

	private static final StackSettings.Ports PORTS = StackSettings.Ports.DEFAULTS;

	@Test
	void shouldKeepEveryServiceButTheGatewayOnLoopbackWhenStartedLocally() {
		ServiceEnvironment environment = new ServiceEnvironment(
				new StackSettings(Path.of("/opt/media"), Path.of("/srv/media"), PORTS, null));

		Map<String, String> camera = environment.of("camera-service", 8082, Map.of());
		Map<String, String> gateway = environment.of("api-gateway", 8080, Map.of());

		assertThat(camera).containsEntry("SERVER_PORT", "8082")
			.containsEntry("SERVER_ADDRESS", "127.0.0.1")
			.containsEntry("MEDIA_DATA_DIR", "/srv/media")
			.containsEntry("EUREKA_URL", "http://localhost:8761/eureka/");
		assertThat(gateway).doesNotContainKey("SERVER_ADDRESS").containsEntry("EUREKA_INSTANCE_IPADDRESS", "127.0.0.1");
	}

	@Test
	void shouldAllowTheDemoCameraOnItsPortOnlyBesideWhatTheUserAllows() {
		StackSettings settings = new StackSettings(Path.of("/opt/media"), Path.of("/srv/media"), PORTS, null);

		assertThat(new ServiceEnvironment(settings, Map.of()).of("camera-service", 8082, Map.of()))
			.containsEntry("CAMERA_ADDRESS_ALLOW", "127.0.0.1:8554");
		assertThat(new ServiceEnvironment(settings,
				Map.of("DEMO_CAMERA_PORT", "9554", "CAMERA_ADDRESS_ALLOW", "10.0.0.0/8"))
			.of("stream-worker", 8083, Map.of())).containsEntry("CAMERA_ADDRESS_ALLOW", "10.0.0.0/8,127.0.0.1:9554");
		assertThat(new ServiceEnvironment(settings, Map.of("DEMO_CAMERA", "off")).of("camera-service", 8082, Map.of()))
			.containsEntry("CAMERA_ADDRESS_ALLOW", "");
		assertThat(
				new ServiceEnvironment(settings, Map.of("DEMO_CAMERA_PORT", "x")).of("camera-service", 8082, Map.of()))
			.containsEntry("CAMERA_ADDRESS_ALLOW", "");
		assertThat(new ServiceEnvironment(settings, Map.of()).of("auth-service", 8081, Map.of()))
			.doesNotContainKeys("CAMERA_ADDRESS_ALLOW", "CAMERA_ADDRESS_PLATFORM_PORTS");
	}

	@Test
	void shouldRefuseEveryPortOfTheStackAsACameraAddressWhereverItWasMoved() {
		StackSettings.Ports moved = new StackSettings.Ports(18080, 18761, 18081, 18082, 18083, 19092, 19093, 13306,
				37017, 18092);
		StackSettings settings = new StackSettings(Path.of("/opt/media"), Path.of("/srv/media"), moved, null)
			.withSecondReplicas(new StackSettings.SecondReplicas(18762, 18084, 18093))
			.withServiceEnvironment(Map.of("GATEWAY_METRICS_PORT", "18094"));

		String ports = new ServiceEnvironment(settings, Map.of()).of("camera-service", 18082, Map.of())
			.get("CAMERA_ADDRESS_PLATFORM_PORTS");

		assertThat(ports.split(",")).contains("3306", "8080", "27017", "9092", "18080", "18761", "18081", "18082",
				"18083", "19092", "19093", "13306", "37017", "18092", "18762", "18084", "18093", "18094");
		assertThat(new ServiceEnvironment(settings, Map.of("CAMERA_ADDRESS_PLATFORM_PORTS", "5000, 6000"))
			.of("stream-worker", 18083, Map.of())
			.get("CAMERA_ADDRESS_PLATFORM_PORTS")
			.split(",")).contains("5000", "6000", "18080", "13306").doesNotContain("3306");
	}

	@Test
	void shouldListBothRegistryPeersAndLetEachNameItselfWhenThereAreTwo() {
		ServiceEnvironment environment = new ServiceEnvironment(
				new StackSettings(Path.of("/opt/media"), Path.of("/srv/media"), PORTS, null)
					.withSecondReplicas(new StackSettings.SecondReplicas(8762, 8084, 8093)));

		assertThat(environment.of("stream-worker", 8083, Map.of())).containsEntry("EUREKA_URL",
				"http://localhost:8761/eureka/,http://localhost:8762/eureka/");
		assertThat(environment.registryPeer(8762)).containsEntry("EUREKA_SERVER_MYURL",
				"http://localhost:8762/eureka/");
	}

	@Test
	void shouldLetTheServicesOwnSettingsWinWhenTheUserSetsTheSameVariable() {
		ServiceEnvironment environment = new ServiceEnvironment(
				new StackSettings(Path.of("/opt/media"), Path.of("/srv/media"), PORTS, null)
					.withServiceEnvironment(Map.of("STORAGE_DIR", "/elsewhere", "LOG_LEVEL", "debug")));

		Map<String, String> worker = environment.of("stream-worker", 8083, environment.worker("localhost:9092"));

		assertThat(worker).containsEntry("STORAGE_DIR", "/srv/media/storage").containsEntry("LOG_LEVEL", "debug");
	}

}
