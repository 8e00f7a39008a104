package dev.mediaplatform.camera.config;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * camera-service's own security for web slice tests, whose scan leaves configuration
 * classes out: tokens are required where the service requires them, and refusals are
 * problem details.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(SecurityConfiguration.class)
public class WebSliceSecurity {

}
