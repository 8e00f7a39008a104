package dev.mediaplatform.e2e;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests and docker-compose.yml cannot be applied on this machine (no
 * cluster, no Docker), so the rules they must keep are checked here: every service locked
 * down and probed, and every variable they set is one the service really reads.
 */
class DeploymentFilesTests {

	static final Path home = Path.of(System.getProperty("media.home", "..")).toAbsolutePath().normalize();

	static final List<String> SERVICES = List.of("discovery-server", "auth-service", "camera-service", "stream-worker",
			"api-gateway");

	/** Variables the JVM or the image read, not Spring configuration. */
	static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

	static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

	@Nested
	class Kubernetes {

		@Test
		void shouldListEveryManifestInTheKustomization() throws IOException {
			Map<String, Object> kustomization = loadOne(home.resolve("k8s/kustomization.yaml"));
			List<String> manifests;
			try (Stream<Path> files = Files.list(home.resolve("k8s"))) {
				manifests = files.map((file) -> file.getFileName().toString())
					.filter((name) -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
					.toList();
			}
			assertThat(list(kustomization.get("resources"))).containsExactlyInAnyOrderElementsOf(manifests);
		}

		@Test
		void shouldRunEveryServiceLockedDownProbedAndBounded() throws IOException {
			for (String service : SERVICES) {
				Map<String, Object> pod = podSpec(service);
				assertThat(map(pod.get("securityContext")).get("runAsNonRoot")).as(service).isEqualTo(true);
				Map<String, Object> container = map(list(pod.get("containers")).get(0));
				Map<String, Object> security = map(container.get("securityContext"));
				assertThat(security.get("readOnlyRootFilesystem")).as(service).isEqualTo(true);
				assertThat(security.get("allowPrivilegeEscalation")).as(service).isEqualTo(false);
				assertThat(list(map(security.get("capabilities")).get("drop"))).as(service).containsExactly("ALL");
				assertThat(map(map(container.get("resources")).get("limits"))).as(service).containsKey("memory");
				assertThat(probePath(container, "livenessProbe")).as(service).isEqualTo("/actuator/health/liveness");
				assertThat(probePath(container, "readinessProbe")).as(service).isEqualTo("/actuator/health/readiness");
				assertThat(probePath(container, "startupProbe")).as(service).isEqualTo("/actuator/health/liveness");
			}
		}

		@Test
		void shouldRunEveryServiceAsSeveralReplicasSoThatNoneIsASinglePointOfFailure() throws IOException {
			for (String service : SERVICES) {
				Object replicas = map(workload(service).get("spec")).get("replicas");
				assertThat(replicas).as(service).isInstanceOf(Integer.class);
				assertThat((Integer) replicas).as(service).isGreaterThanOrEqualTo(2);
			}
		}

		@Test
		void shouldSetOnlyVariablesTheServicesRead() throws IOException {
			for (String service : SERVICES) {
				Map<String, Object> container = map(list(podSpec(service).get("containers")).get(0));
				List<Object> env = list(container.get("env"));
				// Kubernetes expands $(NAME) in values: a variable only other variables
				// refer to is not for the service.
				String values = env.stream()
					.map((variable) -> String.valueOf(map(variable).get("value")))
					.toList()
					.toString();
				assertThat(readableVariables(service)).as(service)
					.containsAll(env.stream()
						.map((variable) -> (String) map(variable).get("name"))
						.filter((name) -> !values.contains("$(" + name + ")"))
						.toList());
			}
			Set<String> readByAnyService = new HashSet<>(JVM_VARIABLES);
			for (String service : SERVICES) {
				readByAnyService.addAll(readableVariables(service));
			}
			Map<String, Object> config = loadOne(home.resolve("k8s/config.yaml"));
			assertThat(readByAnyService).containsAll(map(config.get("data")).keySet());
		}

		@Test
		void shouldExposeTheSamePortTheServiceListensOn() throws IOException {
			for (String service : SERVICES) {
				Map<String, Object> container = map(list(podSpec(service).get("containers")).get(0));
				Object containerPort = map(list(container.get("ports")).get(0)).get("containerPort");
				String serverPort = list(container.get("env")).stream()
					.map(DeploymentFilesTests::map)
					.filter((env) -> "SERVER_PORT".equals(env.get("name")))
					.map((env) -> String.valueOf(env.get("value")))
					.findFirst()
					.orElseThrow();
				assertThat(serverPort).as(service).isEqualTo(String.valueOf(containerPort));
				assertThat(applicationYaml(service)).as(service).contains("${SERVER_PORT:" + serverPort + "}");
			}
		}

		@Test
		void shouldMountEveryFileAndFolderAServiceIsToldToUse() throws IOException {
			// The root file system is read-only: a path outside every mount is empty and
			// unwritable.
			for (String service : SERVICES) {
				Map<String, Object> container = container(service);
				for (Map.Entry<String, String> variable : pathVariables(env(container)).entrySet()) {
					assertThat(mountOf(container, variable.getValue())).as(service + " " + variable.getKey())
						.isNotNull();
				}
			}
		}

		@Test
		void shouldGiveTheGatewayTheWorkersStorageReadOnlyAtTheSamePath() throws IOException {
			Map<String, Object> worker = container("stream-worker");
			Map<String, Object> gateway = container("api-gateway");
			String storage = env(worker).get("STORAGE_DIR");

			assertThat(env(gateway).get("STORAGE_DIR")).isEqualTo(storage);
			Map<String, Object> workerMount = mountOf(worker, storage);
			Map<String, Object> gatewayMount = mountOf(gateway, storage);
			assertThat(workerMount.get("readOnly")).as("the worker writes").isNotEqualTo(true);
			assertThat(gatewayMount.get("readOnly")).as("the gateway only reads").isEqualTo(true);
			Map<String, Object> workerClaim = map(volume("stream-worker", workerMount).get("persistentVolumeClaim"));
			Map<String, Object> gatewayClaim = map(volume("api-gateway", gatewayMount).get("persistentVolumeClaim"));
			assertThat(gatewayClaim.get("claimName")).isEqualTo(workerClaim.get("claimName"));
			assertThat(gatewayClaim.get("readOnly")).isEqualTo(true);
		}

		@Test
		void shouldMountEachSharedKeyFromOneSecretIntoEveryServiceThatNeedsIt() throws IOException {
			Map<String, List<String>> sharedKeys = Map.of("STREAM_URL_KEY_FILE",
					List.of("camera-service", "api-gateway"), "CAMERA_CREDENTIALS_KEY_FILE",
					List.of("camera-service", "stream-worker"));
			for (Map.Entry<String, List<String>> key : sharedKeys.entrySet()) {
				Set<Object> secrets = new HashSet<>();
				for (String service : key.getValue()) {
					Map<String, Object> container = container(service);
					String file = env(container).get(key.getKey());
					assertThat(file).as(service + " " + key.getKey()).isNotNull();
					Map<String, Object> mount = mountOf(container, file);
					assertThat(mount.get("readOnly")).as(service + " " + key.getKey()).isEqualTo(true);
					Map<String, Object> secret = map(volume(service, mount).get("secret"));
					secrets.add(secret.get("secretName"));
				}
				assertThat(secrets).as(key.getKey()).hasSize(1);
			}
		}

		private Map<String, Object> container(String service) throws IOException {
			return map(list(podSpec(service).get("containers")).get(0));
		}

		private Map<String, String> env(Map<String, Object> container) {
			Map<String, String> values = new java.util.LinkedHashMap<>();
			for (Object variable : list(container.get("env"))) {
				Map<String, Object> entry = map(variable);
				if (entry.containsKey("value")) {
					values.put((String) entry.get("name"), String.valueOf(entry.get("value")));
				}
			}
			return values;
		}

		/** The volume mount that holds this path, or {@code null}. */
		private Map<String, Object> mountOf(Map<String, Object> container, String path) {
			return list(container.get("volumeMounts")).stream()
				.map(DeploymentFilesTests::map)
				.filter((mount) -> isUnder(path, (String) mount.get("mountPath")))
				.findFirst()
				.orElse(null);
		}

		private Map<String, Object> volume(String service, Map<String, Object> mount) throws IOException {
			assertThat(mount).as(service).isNotNull();
			return list(podSpec(service).get("volumes")).stream()
				.map(DeploymentFilesTests::map)
				.filter((volume) -> volume.get("name").equals(mount.get("name")))
				.findFirst()
				.orElseThrow(() -> new AssertionError(service + " mounts an undeclared volume " + mount.get("name")));
		}

		private Map<String, Object> podSpec(String service) throws IOException {
			return map(map(map(workload(service).get("spec")).get("template")).get("spec"));
		}

		/** The service's Deployment, or StatefulSet (the registry's peers). */
		private Map<String, Object> workload(String service) throws IOException {
			for (Object document : loadAll(home.resolve("k8s/" + service + ".yaml"))) {
				Map<String, Object> resource = map(document);
				if ("Deployment".equals(resource.get("kind")) || "StatefulSet".equals(resource.get("kind"))) {
					return resource;
				}
			}
			throw new AssertionError("no Deployment or StatefulSet in k8s/" + service + ".yaml");
		}

		private String probePath(Map<String, Object> container, String probe) {
			return (String) map(map(container.get(probe)).get("httpGet")).get("path");
		}

	}

	@Nested
	class Compose {

		@Test
		void shouldCheckHealthBoundMemoryAndSetOnlyVariablesTheServicesRead() throws IOException {
			Map<String, Object> services = map(loadOne(home.resolve("docker-compose.yml")).get("services"));
			for (String service : SERVICES) {
				Map<String, Object> definition = map(services.get(service));
				assertThat(definition).as(service).containsKeys("healthcheck", "mem_limit", "build");
				Set<String> variables = new HashSet<>(map(definition.get("environment")).keySet());
				assertThat(readableVariables(service)).as(service).containsAll(variables);
			}
			for (String infrastructure : List.of("mysql", "mongo", "kafka")) {
				assertThat(map(services.get(infrastructure))).as(infrastructure)
					.containsKeys("healthcheck", "mem_limit");
			}
		}

	}

	@Nested
	class ComposeVolumes {

		final Map<String, Object> services;

		ComposeVolumes() throws IOException {
			this.services = map(loadOne(home.resolve("docker-compose.yml")).get("services"));
		}

		@Test
		void shouldMountEveryFileAndFolderAServiceIsToldToUse() {
			for (String service : SERVICES) {
				for (Map.Entry<String, String> variable : pathVariables(environment(service)).entrySet()) {
					assertThat(mountOf(service, variable.getValue())).as(service + " " + variable.getKey()).isNotNull();
				}
			}
		}

		@Test
		void shouldGiveTheGatewayTheWorkersStorageReadOnlyAtTheSamePath() {
			String storage = environment("stream-worker").get("STORAGE_DIR");
			String[] worker = mountOf("stream-worker", storage);
			String[] gateway = mountOf("api-gateway", storage);

			assertThat(environment("api-gateway").get("STORAGE_DIR")).isEqualTo(storage);
			assertThat(gateway[0]).isEqualTo(worker[0]);
			assertThat(gateway[1]).isEqualTo(worker[1]);
			assertThat(gateway).as("the gateway only reads").hasSize(3).endsWith("ro");
			assertThat(worker).as("the worker writes").hasSize(2);
		}

		@Test
		void shouldShareEachKeyThroughOneVolumeWithEveryServiceThatNeedsIt() {
			Map<String, List<String>> sharedKeys = Map.of("STREAM_URL_KEY_FILE",
					List.of("camera-service", "api-gateway"), "CAMERA_CREDENTIALS_KEY_FILE",
					List.of("camera-service", "stream-worker"));
			for (Map.Entry<String, List<String>> key : sharedKeys.entrySet()) {
				Set<String> volumes = new HashSet<>();
				Set<String> files = new HashSet<>();
				for (String service : key.getValue()) {
					String file = environment(service).get(key.getKey());
					assertThat(file).as(service + " " + key.getKey()).isNotNull();
					files.add(file);
					volumes.add(mountOf(service, file)[0]);
				}
				assertThat(volumes).as(key.getKey()).hasSize(1);
				assertThat(files).as(key.getKey()).hasSize(1);
			}
			assertThat(mountOf("stream-worker", environment("stream-worker").get("CAMERA_CREDENTIALS_KEY_FILE")))
				.as("the worker only reads the credentials key")
				.endsWith("ro");
		}

		private Map<String, String> environment(String service) {
			Map<String, String> values = new java.util.LinkedHashMap<>();
			map(map(this.services.get(service)).get("environment"))
				.forEach((name, value) -> values.put(name, String.valueOf(value)));
			return values;
		}

		/**
		 * {@code [volume, path]} or {@code [volume, path, ro]} of the mount holding a
		 * path.
		 */
		private String[] mountOf(String service, String path) {
			Object volumes = map(this.services.get(service)).get("volumes");
			if (volumes == null) {
				return null;
			}
			return list(volumes).stream()
				.map((volume) -> ((String) volume).split(":"))
				.filter((volume) -> isUnder(path, volume[1]))
				.findFirst()
				.orElse(null);
		}

	}

	/**
	 * The variables whose values are absolute paths in the file system: files and folders
	 * a service reads or writes.
	 */
	static Map<String, String> pathVariables(Map<String, String> environment) {
		Map<String, String> paths = new java.util.LinkedHashMap<>();
		environment.forEach((name, value) -> {
			if ((name.endsWith("_FILE") || name.endsWith("_DIR")) && value.startsWith("/")) {
				paths.put(name, value);
			}
		});
		return paths;
	}

	static boolean isUnder(String path, String folder) {
		return Path.of(path).normalize().startsWith(Path.of(folder).normalize());
	}

	/** The environment variables a service's application.yml reads as placeholders. */
	static Set<String> readableVariables(String service) throws IOException {
		Set<String> names = new HashSet<>();
		Matcher matcher = PLACEHOLDER.matcher(applicationYaml(service));
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	static String applicationYaml(String service) throws IOException {
		return Files.readString(home.resolve(service + "/src/main/resources/application.yml"));
	}

	static Map<String, Object> loadOne(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			return map(yaml().load(reader));
		}
	}

	static List<Object> loadAll(Path file) throws IOException {
		List<Object> documents = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(file)) {
			yaml().loadAll(reader).forEach(documents::add);
		}
		return documents;
	}

	private static Yaml yaml() {
		LoaderOptions options = new LoaderOptions();
		options.setMaxAliasesForCollections(100);
		return new Yaml(options);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Object>) value;
	}

}
