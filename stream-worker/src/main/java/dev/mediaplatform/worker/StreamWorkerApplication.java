package dev.mediaplatform.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Runs the pipelines the commands topic asks for: RTSP in, HLS out, on shared storage.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StreamWorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(StreamWorkerApplication.class, args);
	}

}
