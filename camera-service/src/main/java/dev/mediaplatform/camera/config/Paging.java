package dev.mediaplatform.camera.config;

import dev.mediaplatform.servlet.PageParameters;

import org.springframework.context.annotation.Configuration;

/**
 * The shared paging rule (servlet-api-support's {@link PageParameters}: {@code page} 0 or
 * more, {@code size} 1–{@value PageParameters#MAX_SIZE}, else a 400 problem detail naming
 * the parameter) on this service's paged routes.
 */
@Configuration(proxyBeanMethods = false)
class Paging extends PageParameters {

}
