package dev.mediaplatform.deployment;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml describes the same system as k8s/: the same images and stores, two
 * workers, the demo camera, every container health-checked and bounded, started in order
 * of health, and given only settings its service reads.
 */
class ComposeFileTests {

	final Map<String, Object> compose = Manifests.documents(Manifests.HOME.resolve("docker-compose.yml")).get(0);

	final Map<String, Object> services = Manifests.map(this.compose.get("services"));

	@Nested
	class Images {

		@Test
		void shouldRunEachServiceFromTheImageKubernetesRunsWhenTheImagesAreBuiltWithJib() {
			Platform base = Manifests.platform("base");
			for (String service : Manifests.SERVICES) {
				List<String> definitions = definitionsOf(service);
				assertThat(definitions).as(service).isNotEmpty();
				for (String definition : definitions) {
					Map<String, Object> container = service(definition);
					assertThat(container.get("image")).as(definition)
						.isEqualTo(base.workload(service).container().getImage());
					assertThat(container).as(definition + " uses the image ./mvnw -Pimages package builds")
						.doesNotContainKey("build");
				}
			}
		}

		@Test
		void shouldRunTheStoresKubernetesRunsWithKafkaInKraftMode() {
			Platform base = Manifests.platform("base");
			for (String store : Manifests.STORES) {
				assertThat(service(store).get("image")).as(store)
					.isEqualTo(base.workload(store).container().getImage());
			}
			assertThat(service("mysql").get("image")).isEqualTo("mysql:8.4");
			assertThat(String.valueOf(service("mongo").get("image"))).startsWith("mongo:8");
			assertThat(service("kafka").get("image")).isEqualTo("apache/kafka:4.1.2");
			Map<String, String> kafka = environment("kafka");
			assertThat(kafka.get("KAFKA_PROCESS_ROLES")).contains("controller").contains("broker");
			assertThat(kafka).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
			assertThat(mountOf("kafka", kafka.get("KAFKA_LOG_DIRS"))).as("the broker's data on its volume").isNotNull();
		}

		@Test
		void shouldBuildTheDemoCameraFromDebiansGstreamerPackages() {
			Map<String, Object> camera = service("test-camera");
			Map<String, Object> build = Manifests.map(camera.get("build"));
			String containerfile = Manifests.read(Manifests.HOME.resolve(String.valueOf(build.get("context")))
				.resolve(String.valueOf(build.getOrDefault("dockerfile", "Dockerfile"))));
			assertThat(containerfile).containsPattern("(?m)^FROM debian:bookworm-slim$")
				.containsPattern("(?m)^USER [1-9][0-9]*")
				.contains("rtsp-camera.py");
		}

	}

	@Nested
	class Health {

		@Test
		void shouldCheckTheHealthOfEveryContainerAndBoundItsMemory() {
			for (String name : this.names()) {
				assertThat(service(name)).as(name).containsKeys("healthcheck", "mem_limit");
				assertThat(Manifests.map(service(name).get("healthcheck"))).as(name).containsKey("test");
			}
		}

		@Test
		void shouldWaitForEveryDependencyToBeHealthyBeforeStarting() {
			for (String name : this.names()) {
				Object dependsOn = service(name).get("depends_on");
				if (dependsOn == null) {
					continue;
				}
				Map<String, Object> dependencies = Manifests.map(dependsOn);
				dependencies.forEach((dependency, condition) -> {
					assertThat(ComposeFileTests.this.services).as(name + " depends on " + dependency)
						.containsKey(dependency);
					assertThat(Manifests.map(condition)).as(name + " depends on " + dependency)
						.containsEntry("condition", "service_healthy");
				});
			}
		}

		@Test
		void shouldStartTheServicesAfterTheStoresTheyNeedAndTheRegistry() {
			Map<String, List<String>> needs = Map.of("auth-service", List.of("mysql", "discovery-server"),
					"camera-service", List.of("mongo", "kafka", "discovery-server"), "stream-worker",
					List.of("kafka", "discovery-server"), "api-gateway", List.of("discovery-server"));
			needs.forEach((service, dependencies) -> {
				for (String definition : definitionsOf(service)) {
					assertThat(Manifests.map(service(definition).get("depends_on")).keySet()).as(definition)
						.containsAll(dependencies);
				}
			});
		}

		private List<String> names() {
			return List.copyOf(ComposeFileTests.this.services.keySet());
		}

	}

	@Nested
	class Settings {

		@Test
		void shouldSetOnlyVariablesTheServicesRead() {
			for (String service : Manifests.SERVICES) {
				for (String definition : definitionsOf(service)) {
					assertThat(Manifests.readableVariables(service)).as(definition)
						.containsAll(environment(definition).keySet());
				}
			}
		}

		@Test
		void shouldRunTwoWorkersWithTheirOwnIdsOnTheSameMediaVolume() {
			List<String> workers = definitionsOf("stream-worker");
			assertThat(workers).hasSize(2);
			Set<String> ids = new HashSet<>();
			Set<String> storage = new HashSet<>();
			for (String worker : workers) {
				ids.add(environment(worker).get("WORKER_ID"));
				storage.add(mountOf(worker, environment(worker).get("STORAGE_DIR"))[0]);
			}
			assertThat(ids).doesNotContainNull().hasSize(2);
			assertThat(storage).hasSize(1);
		}

		@Test
		void shouldPublishOnlyTheGatewaysPort() {
			for (String name : ComposeFileTests.this.services.keySet()) {
				if (!definitionsOf("api-gateway").contains(name)) {
					assertThat(service(name)).as(name).doesNotContainKey("ports");
				}
			}
			assertThat(Manifests.strings(service("api-gateway").get("ports"))).containsExactly("8080:8080");
		}

		@Test
		void shouldKeepEveryVolumeNamedAndDeclared() {
			Set<String> declared = Manifests.map(ComposeFileTests.this.compose.get("volumes")).keySet();
			for (String name : ComposeFileTests.this.services.keySet()) {
				for (String volume : Manifests.strings(service(name).get("volumes"))) {
					assertThat(declared).as(name + " " + volume).contains(volume.split(":")[0]);
				}
			}
		}

	}

	@Nested
	class Volumes {

		@Test
		void shouldMountEveryFileAndFolderAServiceIsToldToUse() {
			for (String service : Manifests.SERVICES) {
				for (String definition : definitionsOf(service)) {
					Manifests.pathVariables(environment(definition))
						.forEach((variable, path) -> assertThat(mountOf(definition, path))
							.as(definition + " " + variable)
							.isNotNull());
				}
			}
		}

		@Test
		void shouldGiveTheGatewayTheWorkersStorageReadOnlyAtTheSamePath() {
			for (String worker : definitionsOf("stream-worker")) {
				String storage = environment(worker).get("STORAGE_DIR");
				String[] written = mountOf(worker, storage);
				String[] read = mountOf("api-gateway", storage);

				assertThat(environment("api-gateway").get("STORAGE_DIR")).isEqualTo(storage);
				assertThat(read[0]).isEqualTo(written[0]);
				assertThat(read[1]).isEqualTo(written[1]);
				assertThat(read).as("the gateway only reads").hasSize(3).endsWith("ro");
				assertThat(written).as("the worker writes").hasSize(2);
			}
		}

		@Test
		void shouldShareEachKeyThroughOneVolumeWithEveryServiceThatNeedsIt() {
			Map<String, List<String>> sharedKeys = Map.of("STREAM_URL_KEY_FILE",
					List.of("camera-service", "api-gateway"), "CAMERA_CREDENTIALS_KEY_FILE",
					List.of("camera-service", "stream-worker"));
			sharedKeys.forEach((variable, services) -> {
				Set<String> volumes = new HashSet<>();
				Set<String> files = new HashSet<>();
				for (String service : services) {
					for (String definition : definitionsOf(service)) {
						String file = environment(definition).get(variable);
						assertThat(file).as(definition + " " + variable).isNotNull();
						files.add(file);
						volumes.add(mountOf(definition, file)[0]);
					}
				}
				assertThat(volumes).as(variable).hasSize(1);
				assertThat(files).as(variable).hasSize(1);
			});
			for (String worker : definitionsOf("stream-worker")) {
				assertThat(mountOf(worker, environment(worker).get("CAMERA_CREDENTIALS_KEY_FILE")))
					.as("the worker only reads the credentials key")
					.endsWith("ro");
			}
		}

	}

	/** The compose services that run a module, by their image. */
	List<String> definitionsOf(String module) {
		return this.services.keySet()
			.stream()
			.filter((name) -> String.valueOf(service(name).get("image")).startsWith("media-platform/" + module + ":"))
			.toList();
	}

	Map<String, Object> service(String name) {
		assertThat(this.services).containsKey(name);
		return Manifests.map(this.services.get(name));
	}

	Map<String, String> environment(String name) {
		Map<String, String> values = new LinkedHashMap<>();
		Object environment = service(name).get("environment");
		if (environment != null) {
			Manifests.map(environment).forEach((variable, value) -> values.put(variable, String.valueOf(value)));
		}
		return values;
	}

	/**
	 * {@code [volume, path]} or {@code [volume, path, ro]} of the mount holding a path.
	 */
	String[] mountOf(String name, String path) {
		return Manifests.strings(service(name).get("volumes"))
			.stream()
			.map((volume) -> volume.split(":"))
			.filter((volume) -> Manifests.isUnder(path, volume[1]))
			.findFirst()
			.orElse(null);
	}

}
