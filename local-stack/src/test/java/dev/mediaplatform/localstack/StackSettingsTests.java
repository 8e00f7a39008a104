package dev.mediaplatform.localstack;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackSettingsTests {

	@Test
	void shouldUseTheDocumentedDefaultsWhenNothingIsSet() {
		StackSettings settings = StackSettings.fromEnvironment(Map.of("MEDIA_HOME", "/opt/media"));

		assertThat(settings.dataDir()).isEqualTo(Path.of("/opt/media/data"));
		assertThat(settings.ports()).isEqualTo(StackSettings.Ports.DEFAULTS);
		assertThat(settings.ports().gateway()).isEqualTo(8080);
		assertThat(settings.externalDatabase()).isNull();
	}

	@Test
	void shouldTakePortsDataFolderAndDatabaseFromTheEnvironment() {
		StackSettings settings = StackSettings
			.fromEnvironment(Map.of("MEDIA_HOME", "/opt/media", "MEDIA_DATA_DIR", "/srv/media", "GATEWAY_PORT", "9080",
					"DB_URL", "jdbc:mysql://db:3306/media", "DB_USERNAME", "media", "DB_PASSWORD", "secret"));

		assertThat(settings.dataDir()).isEqualTo(Path.of("/srv/media"));
		assertThat(settings.ports().gateway()).isEqualTo(9080);
		assertThat(settings.externalDatabase().url()).isEqualTo("jdbc:mysql://db:3306/media");
		assertThat(settings.externalDatabase().toString()).doesNotContain("secret");
	}

	@Test
	void shouldNameTheVariableWhenAPortIsNotANumber() {
		assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("KAFKA_PORT", "ninety")))
			.isInstanceOf(StackException.class)
			.hasMessage("KAFKA_PORT=ninety is not a port number (1-65535)");
		assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("KAFKA_PORT", "70000")))
			.hasMessageContaining("KAFKA_PORT");
	}

	@Test
	void shouldSayHowToBuildWhenAJarIsMissing(@org.junit.jupiter.api.io.TempDir Path home) {
		StackSettings settings = StackSettings.fromEnvironment(Map.of("MEDIA_HOME", home.toString()));

		assertThatThrownBy(() -> settings.moduleJar("auth-service")).isInstanceOf(StackException.class)
			.hasMessageContaining("auth-service.jar is missing")
			.hasMessageContaining("./mvnw -DskipTests package");
	}

}
