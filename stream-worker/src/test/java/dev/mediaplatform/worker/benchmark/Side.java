package dev.mediaplatform.worker.benchmark;

import java.nio.file.Path;

import dev.mediaplatform.worker.media.ffmpeg.FfmpegEngine;
import dev.mediaplatform.worker.media.LiveSource;

/**
 * One side of the comparison: its name in the report ("ours", "ffmpeg", and each with
 * "+rec" when it records as well), what its streams are called in the progress lines,
 * whether it runs in this JVM, whether it records, and how to make one of its streams.
 */
record Side(String kind, String one, String many, boolean inProcess, boolean records, Factory factory) {

	static final String RECORDING_SUFFIX = "+rec";

	/** In this JVM: one {@link FfmpegEngine#run} per camera, live and maybe recording. */
	static Side ours(FfmpegEngine engine, TestCamera camera, boolean records) {
		String with = records ? " with recording" : "";
		return new Side(records ? "ours" + RECORDING_SUFFIX : "ours", "pipeline in this JVM" + with,
				"pipelines in this JVM" + with + ", one thread and start call each", true, records,
				(name, folder, k) -> new InProcessPipeline(name, folder, engine,
						LiveSource.of("cam" + k, camera.url(k), null, "tcp"), records));
	}

	/**
	 * One {@code ffmpeg} process per camera: live HLS, and with {@code chunkSeconds} a
	 * second output of recording chunks ({@code null}: live only).
	 */
	static Side ffmpeg(Path ffmpeg, TestCamera camera, Double chunkSeconds) {
		boolean records = chunkSeconds != null;
		String with = records ? " with recording" : "";
		return new Side(records ? "ffmpeg" + RECORDING_SUFFIX : "ffmpeg", "ffmpeg process" + with,
				"ffmpeg processes" + with, false, records,
				(name, folder, k) -> new FfmpegProcess(name, folder, ffmpeg, camera.url(k), chunkSeconds));
	}

	interface Factory {

		HlsStream create(String name, Path folder, int mount) throws Exception;

	}

}
