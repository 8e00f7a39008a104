package dev.mediaplatform.camera;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Cameras, who may see them, what they should be doing and what they are doing. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CameraServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(CameraServiceApplication.class, args);
	}

}
