package dev.mediaplatform.worker.pipeline;

import java.io.IOException;

import dev.mediaplatform.worker.media.RecordedChunk;
import dev.mediaplatform.worker.media.RecordingFolder;
import dev.mediaplatform.worker.storage.StorageLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Closes and announces the chunks a crashed owner left open, for a camera this worker
 * took over while nothing is to run for it (a running camera's pipeline recovers its own
 * when it starts).
 */
@Component
class ChunkRecovery {

	private static final Logger log = LoggerFactory.getLogger(ChunkRecovery.class);

	private final StorageLayout layout;

	private final RecordingAnnouncements announcements;

	ChunkRecovery(StorageLayout layout, RecordingAnnouncements announcements) {
		this.layout = layout;
		this.announcements = announcements;
	}

	/**
	 * Recovers the camera's open chunks, if it has any, under its lease: the writer that
	 * left them may only be paused, so it is fenced first.
	 */
	void recoverIdle(String cameraId, CameraLease lease) {
		RecordingFolder folder = new RecordingFolder(this.layout, cameraId);
		if (!folder.hasOpenChunks()) {
			return;
		}
		try {
			if (!lease.acquire()) {
				log.warn("camera {}: another worker holds its lease; its open chunks are left to it", cameraId);
				return;
			}
			for (RecordedChunk chunk : folder.recover()) {
				this.announcements.ended(folder, chunk);
			}
			lease.release();
		}
		catch (IOException ex) {
			log.warn("camera {}: cannot take its lease to close its open chunks: {}", cameraId, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
