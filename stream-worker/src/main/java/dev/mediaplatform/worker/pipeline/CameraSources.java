package dev.mediaplatform.worker.pipeline;

import dev.mediaplatform.credentials.CameraCredentials;
import dev.mediaplatform.worker.config.WorkerProperties;
import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaFailure;

import org.springframework.stereotype.Component;

/**
 * Opens what a camera's command names as its source: its address, with the credentials
 * camera-service sealed opened with the platform's credentials key.
 */
@Component
class CameraSources {

	private final CameraCredentials credentials;

	CameraSources(WorkerProperties properties) {
		this.credentials = new CameraCredentials(properties.credentialsKeyFile());
	}

	/** The camera's source, resolved when its pipeline asks for it. */
	SourceResolver resolverFor(Desired desired) {
		return () -> resolve(desired);
	}

	private LiveSource resolve(Desired desired) throws MediaFailure {
		String userInfo = null;
		if (desired.credentials() != null) {
			try {
				userInfo = this.credentials.open(desired.cameraId(), desired.credentials());
			}
			catch (IllegalStateException ex) {
				throw MediaFailure.invalidSource(ex.getMessage());
			}
		}
		return LiveSource.of(desired.cameraId(), desired.sourceUrl(), userInfo, desired.transport());
	}

}
