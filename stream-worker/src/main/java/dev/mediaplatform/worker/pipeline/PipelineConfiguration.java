package dev.mediaplatform.worker.pipeline;

import dev.mediaplatform.worker.config.WorkerProperties;
import dev.mediaplatform.worker.media.AddressCheck;
import dev.mediaplatform.worker.media.ffmpeg.FfmpegEngine;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.storage.StorageLayout;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The media engine the pipelines run (checking camera addresses with the operator's
 * lists, {@code CAMERA_ADDRESS_ALLOW}, {@code CAMERA_ADDRESS_DENY} and
 * {@code CAMERA_ADDRESS_PLATFORM_PORTS}), and the storage layout they write by.
 */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

	@Bean
	MediaEngine mediaEngine(WorkerProperties properties) {
		WorkerProperties.Media media = properties.media();
		return new FfmpegEngine(
				new FfmpegEngine.Settings(media.openTimeout(), media.ioTimeout(), media.stallTimeout(),
						media.segmentSeconds(), media.playlistSize(), media.transcodeBitrate(),
						properties.recording().chunkSeconds(), media.partSeconds()),
				AddressCheck.system(properties.cameraAddresses().policy()));
	}

	@Bean
	StorageLayout storageLayout(WorkerProperties properties) {
		return new StorageLayout(properties.storageDir());
	}

}
