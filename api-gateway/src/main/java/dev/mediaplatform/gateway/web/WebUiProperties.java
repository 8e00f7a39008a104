package dev.mediaplatform.gateway.web;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the gateway serves the web UI.
 *
 * @param dir for development only, and unset by default: a directory laid out like
 * {@code web/} of the gateway's resources to serve the app from instead, re-read on every
 * request and never cached, so that the app can be edited and reloaded without rebuilding
 * the gateway
 */
@ConfigurationProperties("gateway.web")
public record WebUiProperties(Path dir) {

}
