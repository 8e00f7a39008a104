package dev.mediaplatform.camera.recording;

import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One recording chunk in the catalogue, as its worker announced it: a fragmented MP4 file
 * on the shared storage. Its id is the camera's and the chunk's start, which is also the
 * worker's key for the file.
 *
 * @param id {@code cameraId:startMillis}
 * @param startMillis epoch milliseconds of the chunk's first keyframe (the recording's id
 * within its camera)
 * @param endMillis {@code startMillis} + media duration; {@code null} while written
 * @param durationMillis the media duration; {@code null} while written
 * @param bytes the file's size as last announced
 * @param complete closed and final; only complete chunks are deleted (one being written
 * is played as far as its segments are settled)
 * @param recovered closed by another worker after its writer crashed
 * @param initSize bytes of {@code ftyp}+{@code moov} at offset 0
 * @param segments byte ranges after the init, each starting with a keyframe (while
 * written: those settled so far, which the final list starts with)
 * @param path the file, relative to the storage folder
 * @param workerId the worker that announced it last
 */
@Document(RecordingCatalogue.COLLECTION)
@CompoundIndex(name = "camera_start", def = "{ 'cameraId': 1, 'startMillis': 1 }")
record Recording(@Id String id, String cameraId, long startMillis, Long endMillis, Long durationMillis, long bytes,
		String codec, boolean complete, boolean recovered, Long initSize, List<Segment> segments, String path,
		String workerId) {

	static String id(String cameraId, long startMillis) {
		return cameraId + ":" + startMillis;
	}

	/**
	 * A byte range of the chunk file that starts with a keyframe.
	 *
	 * @param offset where it starts in the file
	 * @param size its length in bytes
	 * @param durationMillis its media duration
	 */
	record Segment(long offset, long size, long durationMillis) {
	}

}
