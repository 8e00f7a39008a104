package dev.mediaplatform.camera.camera;

import dev.mediaplatform.camera.config.CameraProperties;
import dev.mediaplatform.credentials.CameraCredentials;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The key that seals camera credentials at rest, read at start: a service without it does
 * not start (unless told to create one, for local use).
 */
@Configuration(proxyBeanMethods = false)
class CameraConfiguration {

	@Bean
	CameraCredentials cameraCredentials(CameraProperties properties) {
		return CameraCredentials.load(properties.credentials().keyFile(), properties.credentials().generate());
	}

}
