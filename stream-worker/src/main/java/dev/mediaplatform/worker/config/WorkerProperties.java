package dev.mediaplatform.worker.config;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The worker's settings.
 *
 * @param storageDir the shared storage folder that HLS and recordings are written to
 * @param id this worker's name in status events; the host name by default (the pod name
 * in Kubernetes)
 * @param kafkaHealthTimeout how long the Kafka health probe may wait for the cluster
 */
@Validated
@ConfigurationProperties("worker")
public record WorkerProperties(@NotNull @DefaultValue("data/storage") Path storageDir, @NotBlank String id,
		@NotNull @DefaultValue("3s") Duration kafkaHealthTimeout) {
}
