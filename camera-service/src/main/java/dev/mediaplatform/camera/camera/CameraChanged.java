package dev.mediaplatform.camera.camera;

import java.util.List;

/**
 * Sent after any change a viewer of the camera should hear about.
 *
 * @param removedUserIds the users who lost the camera with this change
 */
public record CameraChanged(String cameraId, List<String> removedUserIds) {
}
