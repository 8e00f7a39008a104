package dev.mediaplatform.camera.camera;

/** Sent once the owner deleted a camera: what is kept about it elsewhere goes too. */
public record CameraDeleted(String cameraId) {
}
