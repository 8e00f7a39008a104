package dev.mediaplatform.camera.camera;

/**
 * Sent, before {@link CameraChanged}, after a change that may have made a new generation
 * of the camera's desired state, which the workers must then be told of.
 */
public record DesiredStateChanged(String cameraId) {
}
