package dev.mediaplatform.camera.camera;

import dev.mediaplatform.camera.config.CameraProperties;

import org.springframework.stereotype.Component;

/** Where the gateway serves a camera's live HLS. */
@Component
class StreamUrls {

	private final String prefix;

	StreamUrls(CameraProperties properties) {
		this.prefix = properties.streamUrlPrefix();
	}

	String playlist(String cameraId) {
		return this.prefix + "/" + cameraId + "/index.m3u8";
	}

}
