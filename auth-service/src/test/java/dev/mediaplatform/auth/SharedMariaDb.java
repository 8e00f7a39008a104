package dev.mediaplatform.auth;

import java.util.Map;

import dev.mediaplatform.localstack.EmbeddedMariaDb;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points a test context at the real MariaDB server shared by every test of this JVM. */
public class SharedMariaDb implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		EmbeddedMariaDb db = EmbeddedMariaDb.shared();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("shared-mariadb", Map.of("spring.datasource.url", db.jdbcUrl(),
					"spring.datasource.username", db.username(), "spring.datasource.password", db.password())));
	}

}
