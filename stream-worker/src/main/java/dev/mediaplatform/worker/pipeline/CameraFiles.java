package dev.mediaplatform.worker.pipeline;

import java.io.IOException;
import java.nio.file.Files;

import dev.mediaplatform.worker.storage.StorageLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/** Removes everything a deleted camera left on the shared storage. */
@Component
class CameraFiles {

	private static final Logger log = LoggerFactory.getLogger(CameraFiles.class);

	private final StorageLayout layout;

	CameraFiles(StorageLayout layout) {
		this.layout = layout;
	}

	/**
	 * Deletes the camera's live files, its recordings and its lease. A failure is logged,
	 * not thrown: the camera is gone either way, and what stays is only space.
	 */
	void deleteAll(String cameraId) {
		try {
			FileSystemUtils.deleteRecursively(this.layout.liveFolder(cameraId));
			FileSystemUtils.deleteRecursively(this.layout.recordingsFolder(cameraId));
			Files.deleteIfExists(this.layout.lease(cameraId));
		}
		catch (IOException ex) {
			log.warn("camera {}: cannot delete its files: {}", cameraId, ex.getMessage());
		}
	}

}
