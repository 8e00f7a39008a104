package dev.mediaplatform.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Runs the pipelines the commands topic asks for: RTSP in, live HLS and recordings out,
 * on shared storage.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class StreamWorkerApplication {

	public static void main(String[] args) {
		// JavaCPP unpacks FFmpeg's libraries into ~/.javacpp by default, which a
		// read-only
		// container image does not allow; the temporary folder is writable everywhere.
		if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
			System.setProperty("org.bytedeco.javacpp.cachedir",
					java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "javacpp").toString());
		}
		SpringApplication.run(StreamWorkerApplication.class, args);
	}

}
