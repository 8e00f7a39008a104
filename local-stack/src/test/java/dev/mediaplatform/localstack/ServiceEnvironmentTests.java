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
