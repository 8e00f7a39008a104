package dev.mediaplatform.camera.config;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * camera-service's own JSON rules for web slice tests, whose scan leaves configuration
 * classes out: a scalar must have its field's JSON type.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(JacksonConfiguration.class)
public class WebSliceJson {

}
