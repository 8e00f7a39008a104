package dev.mediaplatform.camera.realtime;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Socket.IO server of camera-service: its own port, which the service announces in
 * the registry as {@code socketio-port} metadata so that the gateway can route
 * {@code /socket.io/} there.
 *
 * @param host the address it listens on
 * @param port its port
 */
@Validated
@ConfigurationProperties("camera.realtime")
public record RealtimeProperties(@NotBlank @DefaultValue("0.0.0.0") String host,
		@Min(1) @Max(65535) @DefaultValue("8092") int port) {
}
