package dev.mediaplatform.deployment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pods as the cluster runs them, in the base and in each rendered overlay: locked
 * down and bounded, probed, given only the settings, ports, files and Secrets the
 * services really use.
 */
class KubernetesWorkloadsTests {

	@Nested
	class Hardening {

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldRunEveryContainerOfTheServicesAndStoresLockedDownAndBounded(String name) {
			Platform platform = Manifests.platform(name);
			assertThat(platform.workloads()).extracting(Platform.Workload::name)
				.containsExactlyInAnyOrderElementsOf(concat(Manifests.SERVICES, Manifests.STORES));
			for (Platform.Workload workload : platform.workloads()) {
				PodSecurityContext pod = workload.pod().getSecurityContext();
				assertThat(pod).as(workload.name()).isNotNull();
				for (Container container : concat(workload.pod().getContainers(), workload.pod().getInitContainers())) {
					String what = name + " " + workload.name() + "/" + container.getName();
					SecurityContext security = container.getSecurityContext();
					assertThat(security).as(what).isNotNull();
					Boolean nonRoot = (security.getRunAsNonRoot() != null) ? security.getRunAsNonRoot()
							: pod.getRunAsNonRoot();
					assertThat(nonRoot).as(what + " runAsNonRoot").isTrue();
					Long user = (security.getRunAsUser() != null) ? security.getRunAsUser() : pod.getRunAsUser();
					assertThat(user).as(what + " runAsUser").isNotNull().isPositive();
					assertThat(security.getReadOnlyRootFilesystem()).as(what + " readOnlyRootFilesystem").isTrue();
					assertThat(security.getAllowPrivilegeEscalation()).as(what + " allowPrivilegeEscalation").isFalse();
					assertThat(security.getPrivileged()).as(what + " privileged").isNotEqualTo(true);
					assertThat(security.getCapabilities()).as(what + " capabilities").isNotNull();
					assertThat(security.getCapabilities().getDrop()).as(what + " dropped capabilities")
						.containsExactly("ALL");
					assertThat(security.getCapabilities().getAdd()).as(what + " added capabilities").isEmpty();
					String seccomp = (security.getSeccompProfile() != null) ? security.getSeccompProfile().getType()
							: (pod.getSeccompProfile() != null) ? pod.getSeccompProfile().getType() : null;
					assertThat(seccomp).as(what + " seccomp").isIn("RuntimeDefault", "Localhost");
					assertThat(container.getResources().getLimits()).as(what + " limits").containsKey("memory");
					assertThat(container.getResources().getRequests()).as(what + " requests")
						.containsKeys("cpu", "memory");
					assertThat(container.getResources().getRequests().get("memory"))
						.as(what + " memory request within the limit")
						.matches((request) -> request.getNumericalAmount()
							.compareTo(container.getResources().getLimits().get("memory").getNumericalAmount()) <= 0);
				}
			}
		}

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldUseOnlyVolumeTypesTheRestrictedPodSecurityProfileAllows(String name) {
			for (Platform.Workload workload : Manifests.platform(name).workloads()) {
				assertThat(workload.pod().getHostNetwork()).as(workload.name()).isNotEqualTo(true);
				assertThat(workload.pod().getHostPID()).as(workload.name()).isNotEqualTo(true);
				for (Volume volume : workload.pod().getVolumes()) {
					boolean allowed = volume.getEmptyDir() != null || volume.getSecret() != null
							|| volume.getConfigMap() != null || volume.getPersistentVolumeClaim() != null
							|| volume.getProjected() != null || volume.getDownwardAPI() != null;
					assertThat(allowed).as(workload.name() + " volume " + volume.getName()).isTrue();
				}
			}
		}

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldProbeEveryServiceOnItsActuatorHealthGroupsAndEveryStoreSomehow(String name) {
			Platform platform = Manifests.platform(name);
			for (String service : Manifests.SERVICES) {
				Container container = platform.workload(service).container();
				assertThat(probePath(container.getStartupProbe())).as(service).isEqualTo("/actuator/health/liveness");
				assertThat(probePath(container.getLivenessProbe())).as(service).isEqualTo("/actuator/health/liveness");
				assertThat(probePath(container.getReadinessProbe())).as(service)
					.isEqualTo("/actuator/health/readiness");
				assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).as(service)
					.isEqualTo("http");
			}
			for (String store : Manifests.STORES) {
				Container container = platform.workload(store).container();
				for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
						container.getReadinessProbe())) {
					assertThat(probe).as(store).isNotNull();
					assertThat(probe.getExec() != null || probe.getTcpSocket() != null || probe.getHttpGet() != null)
						.as(store + " probe has a check")
						.isTrue();
				}
			}
		}

		private String probePath(Probe probe) {
			assertThat(probe).isNotNull();
			assertThat(probe.getHttpGet()).isNotNull();
			return probe.getHttpGet().getPath();
		}

	}

	@Nested
	class Images {

		@Test
		void shouldRunEachServiceFromItsImageTaggedWithTheBuildsImageTagWhenReadFromTheBase() {
			Platform base = Manifests.platform("base");
			for (String service : Manifests.SERVICES) {
				assertThat(base.workload(service).container().getImage()).as(service)
					.isEqualTo("media-platform/" + service + ":" + Manifests.imageTag());
			}
		}

		@Test
		void shouldPullTheServicesFromTheRegistryWhenRenderedForProduction() {
			Platform production = Manifests.platform("production");
			for (String service : Manifests.SERVICES) {
				assertThat(production.workload(service).container().getImage()).as(service)
					.isEqualTo("registry.example.com/media-platform/" + service + ":" + Manifests.imageTag());
			}
		}

		@Test
		void shouldRunTheStoresAtTheVersionsTheServicesAreTestedWith() {
			Platform base = Manifests.platform("base");
			assertThat(base.workload("kafka").container().getImage()).isEqualTo("apache/kafka:4.1.2");
			assertThat(base.workload("mysql").container().getImage()).isEqualTo("mysql:8.4");
			assertThat(base.workload("mongo").container().getImage()).isEqualTo("mongo:8.0");
		}

	}

	@Nested
	class Replicas {

		@ParameterizedTest
		@ValueSource(strings = { "base", "production" })
		void shouldRunEveryServiceAsSeveralReplicasSoThatNoneIsASinglePointOfFailure(String name) {
			Platform platform = Manifests.platform(name);
			for (String service : Manifests.SERVICES) {
				Platform.Workload workload = platform.workload(service);
				if (service.equals("stream-worker")) {
					// The autoscaler owns the count (KubernetesScalingTests).
					assertThat(workload.replicas()).as(service).isNull();
				}
				else {
					assertThat(workload.replicas()).as(service).isNotNull().isGreaterThanOrEqualTo(2);
				}
			}
		}

		@Test
		void shouldRunOneReplicaOfEachStatelessServiceWhenRenderedForALaptop() {
			Platform local = Manifests.platform("local");
			for (String service : List.of("api-gateway", "auth-service", "camera-service", "discovery-server")) {
				assertThat(local.workload(service).replicas()).as(service).isEqualTo(1);
			}
			assertThat(local.one(ConfigMap.class, "media-platform").getData().get("EUREKA_URL"))
				.as("every service lists only the peer that runs")
				.isEqualTo(local.workload("discovery-server").env().get("EUREKA_URL"))
				.doesNotContain("discovery-server-1");
			assertThat(local.one(Service.class, "api-gateway").getSpec().getType()).isEqualTo("NodePort");
		}

	}

	@Nested
	class Settings {

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldSetOnlyVariablesTheServicesRead(String name) {
			Platform platform = Manifests.platform(name);
			for (String service : Manifests.SERVICES) {
				List<EnvVar> env = platform.workload(service).container().getEnv();
				// Kubernetes expands $(NAME) in values: a variable only other variables
				// refer to
				// is not for the service.
				String values = env.stream().map((variable) -> String.valueOf(variable.getValue())).toList().toString();
				assertThat(Manifests.readableVariables(service)).as(service)
					.containsAll(env.stream()
						.map(EnvVar::getName)
						.filter((variable) -> !values.contains("$(" + variable + ")"))
						.toList());
			}
			Set<String> readByAnyService = new HashSet<>(Manifests.JVM_VARIABLES);
			Manifests.SERVICES.forEach((service) -> readByAnyService.addAll(Manifests.readableVariables(service)));
			assertThat(readByAnyService)
				.containsAll(platform.one(ConfigMap.class, "media-platform").getData().keySet());
		}

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldExposeEveryPortTheServiceListensOnAndNoOther(String name) {
			Platform platform = Manifests.platform(name);
			for (String service : Manifests.SERVICES) {
				Platform.Workload workload = platform.workload(service);
				Map<String, String> env = workload.env();
				Set<Integer> listening = new HashSet<>();
				Manifests.listeningPorts(service)
					.forEach((variable, port) -> listening
						.add(Integer.valueOf(env.getOrDefault(variable, String.valueOf(port)))));
				assertThat(workload.container().getPorts()).extracting(ContainerPort::getContainerPort)
					.as(service)
					.containsExactlyInAnyOrderElementsOf(listening);
				assertThat(workload.container().getPorts()).extracting(ContainerPort::getName)
					.as(service + ": probes and policies name the HTTP port")
					.contains("http");
				assertThat(containerPort(workload, "http")).as(service + " SERVER_PORT")
					.isEqualTo(Integer.valueOf(env.get("SERVER_PORT")));
			}
		}

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldRouteEveryServicePortToANamedPortOfThePodsItSelects(String name) {
			Platform platform = Manifests.platform(name);
			for (Service service : platform.all(Service.class)) {
				String what = service.getMetadata().getName();
				List<Platform.Workload> selected = platform.workloads()
					.stream()
					.filter((workload) -> Platform.selects(
							new io.fabric8.kubernetes.api.model.LabelSelector(null, service.getSpec().getSelector()),
							workload.labels()))
					.toList();
				assertThat(selected).as(what).hasSize(1);
				for (ServicePort port : service.getSpec().getPorts()) {
					assertThat(containerPort(selected.get(0), port.getTargetPort().getStrVal())).as(what)
						.isEqualTo(port.getPort());
				}
			}
		}

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldMountEveryFileAndFolderAServiceIsToldToUse(String name) {
			// The root file system is read-only: a path outside every mount is empty and
			// unwritable.
			for (String service : Manifests.SERVICES) {
				Platform.Workload workload = Manifests.platform(name).workload(service);
				Manifests.pathVariables(workload.env())
					.forEach((variable, path) -> assertThat(workload.mountOf(path)).as(service + " " + variable)
						.isNotNull());
			}
		}

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldGiveTheGatewayTheWorkersStorageReadOnlyAtTheSamePath(String name) {
			Platform platform = Manifests.platform(name);
			Platform.Workload worker = platform.workload("stream-worker");
			Platform.Workload gateway = platform.workload("api-gateway");
			String storage = worker.env().get("STORAGE_DIR");

			assertThat(gateway.env().get("STORAGE_DIR")).isEqualTo(storage);
			VolumeMount workerMount = worker.mountOf(storage);
			VolumeMount gatewayMount = gateway.mountOf(storage);
			assertThat(workerMount.getReadOnly()).as("the worker writes").isNotEqualTo(true);
			assertThat(gatewayMount.getReadOnly()).as("the gateway only reads").isTrue();
			var workerClaim = worker.volume(workerMount).getPersistentVolumeClaim();
			var gatewayClaim = gateway.volume(gatewayMount).getPersistentVolumeClaim();
			assertThat(gatewayClaim.getClaimName()).isEqualTo(workerClaim.getClaimName());
			assertThat(gatewayClaim.getReadOnly()).isTrue();
		}

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldGiveEachWorkerItsOwnIdWhenScaled(String name) {
			EnvVar id = Manifests.platform(name)
				.workload("stream-worker")
				.container()
				.getEnv()
				.stream()
				.filter((variable) -> variable.getName().equals("WORKER_ID"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("stream-worker sets no WORKER_ID"));
			assertThat(id.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
		}

		private Integer containerPort(Platform.Workload workload, String portName) {
			return workload.container()
				.getPorts()
				.stream()
				.filter((port) -> portName.equals(port.getName()))
				.map(ContainerPort::getContainerPort)
				.findFirst()
				.orElseThrow(() -> new AssertionError(workload.name() + " has no port named " + portName));
		}

	}

	@Nested
	class Secrets {

		static final Pattern CREATE_SECRET = Pattern
			// A command's continuation lines (a backslash at the end of a line) are part
			// of it.
			.compile("create secret generic ([a-z0-9-]+)((?:[^\\n\\\\]|\\\\\\n|\\\\)*)");

		static final Pattern FROM_LITERAL = Pattern.compile("--from-literal=([A-Za-z0-9._-]+)=");

		static final Pattern FROM_FILE = Pattern.compile("--from-file=(?:([A-Za-z0-9._-]+)=)?([^\\s\\\\]+)");

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldCreateEverySecretKeyThePodsReadWhenFollowingTheReadme(String name) {
			Map<String, Set<String>> documented = secretsInReadme();
			for (Platform.Workload workload : Manifests.platform(name).workloads()) {
				for (Container container : workload.pod().getContainers()) {
					for (EnvVar variable : container.getEnv()) {
						if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
							var reference = variable.getValueFrom().getSecretKeyRef();
							assertThat(documented.getOrDefault(reference.getName(), Set.of()))
								.as(workload.name() + " " + variable.getName() + " reads Secret " + reference.getName())
								.contains(reference.getKey());
						}
					}
					for (EnvFromSource source : container.getEnvFrom()) {
						if (source.getSecretRef() != null) {
							assertThat(documented).as(workload.name()).containsKey(source.getSecretRef().getName());
						}
					}
				}
				for (Volume volume : workload.pod().getVolumes()) {
					if (volume.getSecret() != null) {
						assertThat(documented).as(workload.name() + " volume " + volume.getName())
							.containsKey(volume.getSecret().getSecretName());
					}
				}
			}
		}

		@Test
		void shouldDocumentOnlySecretsTheBaseUses() {
			Set<String> used = new HashSet<>();
			for (Platform.Workload workload : Manifests.platform("base").workloads()) {
				workload.container()
					.getEnv()
					.stream()
					.filter((variable) -> variable.getValueFrom() != null
							&& variable.getValueFrom().getSecretKeyRef() != null)
					.forEach((variable) -> used.add(variable.getValueFrom().getSecretKeyRef().getName()));
				workload.pod()
					.getVolumes()
					.stream()
					.filter((volume) -> volume.getSecret() != null)
					.forEach((volume) -> used.add(volume.getSecret().getSecretName()));
			}
			assertThat(secretsInReadme().keySet()).containsExactlyInAnyOrderElementsOf(used);
		}

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldFindEveryKeyFileAServiceReadsInTheSecretMountedThere(String name) {
			Map<String, Set<String>> documented = secretsInReadme();
			for (String service : Manifests.SERVICES) {
				Platform.Workload workload = Manifests.platform(name).workload(service);
				workload.env().forEach((variable, path) -> {
					if (variable.endsWith("_FILE") && workload.mountOf(path) != null) {
						VolumeMount mount = workload.mountOf(path);
						Volume volume = workload.volume(mount);
						if (volume.getSecret() != null) {
							assertThat(mount.getReadOnly()).as(service + " " + variable).isTrue();
							String key = java.nio.file.Path.of(mount.getMountPath())
								.relativize(java.nio.file.Path.of(path))
								.toString();
							assertThat(documented.get(volume.getSecret().getSecretName()))
								.as(service + " " + variable + " in Secret " + volume.getSecret().getSecretName())
								.contains(key);
						}
					}
				});
			}
		}

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldMountEachSharedKeyFromOneSecretIntoEveryServiceThatNeedsIt(String name) {
			Map<String, List<String>> sharedKeys = Map.of("STREAM_URL_KEY_FILE",
					List.of("camera-service", "api-gateway"), "CAMERA_CREDENTIALS_KEY_FILE",
					List.of("camera-service", "stream-worker"));
			sharedKeys.forEach((variable, services) -> {
				Set<String> secrets = new HashSet<>();
				for (String service : services) {
					Platform.Workload workload = Manifests.platform(name).workload(service);
					String file = workload.env().get(variable);
					assertThat(file).as(service + " " + variable).isNotNull();
					VolumeMount mount = workload.mountOf(file);
					assertThat(mount).as(service + " " + variable).isNotNull();
					assertThat(mount.getReadOnly()).as(service + " " + variable).isTrue();
					assertThat(workload.volume(mount).getSecret()).as(service + " " + variable).isNotNull();
					secrets.add(workload.volume(mount).getSecret().getSecretName());
				}
				assertThat(secrets).as(variable).hasSize(1);
			});
		}

		@Test
		void shouldConnectTheStoresAndTheirServicesWithTheSameCredentials() {
			Platform base = Manifests.platform("base");
			Map<String, String> mysql = secretRefs(base.workload("mysql").container());
			Map<String, String> auth = secretRefs(base.workload("auth-service").container());
			assertThat(mysql.get("MYSQL_USER")).isEqualTo(auth.get("DB_USERNAME"));
			assertThat(mysql.get("MYSQL_PASSWORD")).isEqualTo(auth.get("DB_PASSWORD"));
			assertThat(base.workload("mysql").env().get("MYSQL_DATABASE")).isEqualTo("mediaplatform");
			assertThat(readme()).contains("url=jdbc:mysql://mysql:3306/mediaplatform");
			assertThat(base.workload("mongo").env().get("MONGO_INITDB_DATABASE")).isEqualTo("mediaplatform");
			assertThat(readme()).containsPattern("uri=\"?mongodb://[^\\s]*@mongo:27017/mediaplatform");
		}

		/** Each variable's {@code secret/key}. */
		private Map<String, String> secretRefs(Container container) {
			Map<String, String> references = new HashMap<>();
			for (EnvVar variable : container.getEnv()) {
				if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
					var reference = variable.getValueFrom().getSecretKeyRef();
					references.put(variable.getName(), reference.getName() + "/" + reference.getKey());
				}
			}
			return references;
		}

		/** The Secrets, and their keys, that k8s/README.md's commands create. */
		static Map<String, Set<String>> secretsInReadme() {
			Map<String, Set<String>> secrets = new LinkedHashMap<>();
			Matcher command = CREATE_SECRET.matcher(readme());
			while (command.find()) {
				Set<String> keys = secrets.computeIfAbsent(command.group(1), (secret) -> new HashSet<>());
				Matcher literal = FROM_LITERAL.matcher(command.group(2));
				while (literal.find()) {
					keys.add(literal.group(1));
				}
				Matcher file = FROM_FILE.matcher(command.group(2));
				while (file.find()) {
					keys.add((file.group(1) != null) ? file.group(1)
							: java.nio.file.Path.of(file.group(2)).getFileName().toString());
				}
			}
			assertThat(secrets).as("Secrets created in k8s/README.md").isNotEmpty();
			return secrets;
		}

		static String readme() {
			return Manifests.read(Manifests.K8S.resolve("README.md"));
		}

	}

	@SafeVarargs
	static <T> List<T> concat(List<T>... lists) {
		List<T> all = new ArrayList<>();
		for (List<T> list : lists) {
			all.addAll(list);
		}
		return all;
	}

}
