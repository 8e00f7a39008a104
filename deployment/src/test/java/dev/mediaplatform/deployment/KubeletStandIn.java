package dev.mediaplatform.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Turns rendered manifests into what {@code podman play kube} (podman 4.3) can run, doing
 * only what a kubelet and the cluster's DNS would have done and leaving the rest of each
 * pod as written:
 * <ul>
 * <li>every container's environment resolved as a kubelet resolves it: {@code envFrom}
 * ConfigMaps first, then {@code env} with ConfigMap and Secret keys, the downward API's
 * pod name and namespace, and {@code $(VAR)} references;</li>
 * <li>the cluster's names (its Services, and a StatefulSet's pods under its headless
 * Service) pointing at loopback, since the pods share the host's network;</li>
 * <li>Secret volumes, the media claim and each pod's emptyDir volumes mounted as folders
 * holding what they would hold, owned by the pod's user;</li>
 * <li>a StatefulSet played as a Deployment of one pod; probes left to the test, which
 * asks the same paths (podman would run them with curl, which the images do not
 * have).</li>
 * </ul>
 */
final class KubeletStandIn {

	private static final String LOOPBACK = "127.0.0.1";

	private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

	private final Map<String, Map<String, Object>> workloads = new LinkedHashMap<>();

	private final Map<String, Map<String, Object>> configMaps = new LinkedHashMap<>();

	private final Map<String, Map<String, String>> secrets;

	private final Set<String> clusterNames = new LinkedHashSet<>();

	private final Path work;

	KubeletStandIn(List<Map<String, Object>> rendered, Map<String, Map<String, String>> secrets, Path work) {
		this.secrets = secrets;
		this.work = work;
		List<String> headless = new ArrayList<>();
		for (Map<String, Object> document : rendered) {
			String name = String.valueOf(map(document.get("metadata")).get("name"));
			switch (String.valueOf(document.get("kind"))) {
				case "Deployment", "StatefulSet" -> this.workloads.put(name, document);
				case "ConfigMap" -> this.configMaps.put(name, map(document.get("data")));
				case "Service" -> this.clusterNames.add(name);
				default -> {
				}
			}
		}
		for (Map<String, Object> workload : this.workloads.values()) {
			if ("StatefulSet".equals(workload.get("kind"))) {
				Map<String, Object> spec = map(workload.get("spec"));
				String service = String.valueOf(spec.get("serviceName"));
				int replicas = (spec.get("replicas") instanceof Integer count) ? count : 1;
				for (int i = 0; i < replicas; i++) {
					headless.add(podName(workload, i) + "." + service);
				}
			}
		}
		this.clusterNames.addAll(headless);
	}

	/** The named services' pods as one multi-document YAML for podman play kube. */
	String playable(List<String> services) throws IOException {
		List<Object> documents = new ArrayList<>();
		for (String service : services) {
			documents.add(playable(workload(service)));
		}
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		return new Yaml(options).dumpAll(documents.iterator());
	}

	/** The name podman gives the container of the service's only pod. */
	String containerName(String service) {
		return service + "-pod-0-" + container(service).get("name");
	}

	String runAsUser(String service) {
		return String.valueOf(map(podSpec(workload(service)).get("securityContext")).get("runAsUser"));
	}

	/** The port the container calls http. */
	int httpPort(String service) {
		for (Object port : list(container(service).get("ports"))) {
			if ("http".equals(map(port).get("name"))) {
				return (Integer) map(port).get("containerPort");
			}
		}
		throw new AssertionError(service + " names no port http");
	}

	/** Where the kubelet would send the service's probe of that kind. */
	String probeUrl(String service, String probe) {
		Map<String, Object> httpGet = map(map(container(service).get(probe)).get("httpGet"));
		if (httpGet.isEmpty()) {
			throw new AssertionError(service + " has no HTTP " + probe);
		}
		Object port = httpGet.get("port");
		int number = (port instanceof Integer value) ? value : httpPort(service);
		return "http://" + LOOPBACK + ":" + number + httpGet.get("path");
	}

	private Map<String, Object> playable(Map<String, Object> workload) throws IOException {
		String name = String.valueOf(map(workload.get("metadata")).get("name"));
		Map<String, Object> template = map(map(workload.get("spec")).get("template"));
		Map<String, Object> pod = new LinkedHashMap<>(map(template.get("spec")));
		pod.put("hostNetwork", true);
		pod.put("restartPolicy", "Always");
		String podName = podName(workload, 0);
		String user = String.valueOf(map(pod.get("securityContext")).get("runAsUser"));
		pod.put("volumes", volumes(list(pod.get("volumes")), podName, user));
		List<Object> containers = new ArrayList<>();
		for (Object each : list(pod.get("containers"))) {
			Map<String, Object> container = new LinkedHashMap<>(map(each));
			container.put("env", environment(container, podName, namespace(workload)));
			container.remove("envFrom");
			// On the host's network a container's ports are the host's; podman refuses to
			// map them.
			container.remove("ports");
			container.remove("startupProbe");
			container.remove("livenessProbe");
			container.remove("readinessProbe");
			containers.add(container);
		}
		pod.put("containers", containers);
		Map<String, Object> deployment = new LinkedHashMap<>();
		deployment.put("apiVersion", "apps/v1");
		deployment.put("kind", "Deployment");
		deployment.put("metadata", Map.of("name", name));
		deployment.put("spec", Map.of("replicas", 1, "selector", map(workload.get("spec")).get("selector"), "template",
				Map.of("metadata", template.get("metadata"), "spec", pod)));
		return deployment;
	}

	private List<Object> environment(Map<String, Object> container, String podName, String namespace) {
		Map<String, String> env = new LinkedHashMap<>();
		for (Object source : list(container.get("envFrom"))) {
			String configMap = String.valueOf(map(map(source).get("configMapRef")).get("name"));
			map(this.configMaps.get(configMap)).forEach((key, value) -> env.put(key, String.valueOf(value)));
		}
		for (Object each : list(container.get("env"))) {
			Map<String, Object> variable = map(each);
			String name = String.valueOf(variable.get("name"));
			String value = value(variable, podName, namespace, env);
			if (value != null) {
				env.put(name, value);
			}
		}
		// Pods register the address the others reach them at: theirs is loopback here.
		env.put("EUREKA_INSTANCE_IPADDRESS", LOOPBACK);
		List<Object> resolved = new ArrayList<>();
		env.forEach((name, value) -> resolved.add(Map.of("name", name, "value", toLoopback(value))));
		return resolved;
	}

	private String value(Map<String, Object> variable, String podName, String namespace, Map<String, String> env) {
		if (variable.containsKey("value")) {
			Matcher reference = REFERENCE.matcher(String.valueOf(variable.get("value")));
			StringBuilder expanded = new StringBuilder();
			while (reference.find()) {
				String replacement = env.getOrDefault(reference.group(1), reference.group());
				reference.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
			}
			return reference.appendTail(expanded).toString();
		}
		Map<String, Object> from = map(variable.get("valueFrom"));
		if (from.containsKey("configMapKeyRef")) {
			Map<String, Object> ref = map(from.get("configMapKeyRef"));
			Object value = map(this.configMaps.get(String.valueOf(ref.get("name")))).get(ref.get("key"));
			if (value == null && !Boolean.TRUE.equals(ref.get("optional"))) {
				throw new AssertionError("ConfigMap key " + ref + " is missing");
			}
			return (value != null) ? String.valueOf(value) : null;
		}
		if (from.containsKey("secretKeyRef")) {
			Map<String, Object> ref = map(from.get("secretKeyRef"));
			String value = this.secrets.getOrDefault(String.valueOf(ref.get("name")), Map.of()).get(ref.get("key"));
			if (value == null && !Boolean.TRUE.equals(ref.get("optional"))) {
				throw new AssertionError("Secret key " + ref + " is not one the operator creates (k8s/README.md)");
			}
			return value;
		}
		if (from.containsKey("fieldRef")) {
			String field = String.valueOf(map(from.get("fieldRef")).get("fieldPath"));
			return switch (field) {
				case "metadata.name" -> podName;
				case "metadata.namespace" -> namespace;
				default -> throw new AssertionError("downward API field " + field + " is not played here");
			};
		}
		throw new AssertionError("cannot resolve " + variable);
	}

	/** Every cluster name in a value, as the cluster's DNS would answer it here. */
	private String toLoopback(String value) {
		String result = value;
		List<String> longestFirst = new ArrayList<>(this.clusterNames);
		longestFirst.sort(java.util.Comparator.comparingInt(String::length).reversed());
		for (String name : longestFirst) {
			result = result.replaceAll("(?<=^|//|,|@)" + Pattern.quote(name) + "(?=$|:|/|,)", LOOPBACK);
		}
		return result;
	}

	private List<Object> volumes(List<Object> volumes, String podName, String user) throws IOException {
		List<Object> played = new ArrayList<>();
		for (Object each : volumes) {
			Map<String, Object> volume = map(each);
			String name = String.valueOf(volume.get("name"));
			if (volume.containsKey("secret")) {
				Map<String, Object> secret = map(volume.get("secret"));
				String secretName = String.valueOf(secret.get("secretName"));
				Map<String, String> data = this.secrets.get(secretName);
				if (data == null) {
					throw new AssertionError(
							"Secret " + secretName + " is not one the operator creates (k8s/README.md)");
				}
				Path folder = ownedFolder(this.work.resolve("secrets").resolve(secretName), user);
				for (Map.Entry<String, String> file : data.entrySet()) {
					Path path = folder.resolve(file.getKey());
					Files.writeString(path, file.getValue());
					Files.setAttribute(path, "unix:uid", Integer.parseInt(user));
					Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("r--------"));
				}
				played.add(hostPath(name, folder));
			}
			else if (volume.containsKey("persistentVolumeClaim")) {
				String claim = String.valueOf(map(volume.get("persistentVolumeClaim")).get("claimName"));
				played.add(hostPath(name, ownedFolder(this.work.resolve("claims").resolve(claim), user)));
			}
			else if (volume.containsKey("emptyDir")) {
				// A folder of the pod's own, as a kubelet makes it (podman 4.3 let pods
				// whose
				// emptyDir volumes have the same name share one: the JVMs met in /tmp).
				played.add(hostPath(name, ownedFolder(this.work.resolve("pods").resolve(podName).resolve(name), user)));
			}
			else {
				throw new AssertionError("volume " + name + " is of a kind this stand-in does not play: " + volume);
			}
		}
		return played;
	}

	private static Map<String, Object> hostPath(String name, Path folder) {
		return Map.of("name", name, "hostPath", Map.of("path", folder.toString(), "type", "Directory"));
	}

	private static Path ownedFolder(Path folder, String user) throws IOException {
		Files.createDirectories(folder);
		Files.setAttribute(folder, "unix:uid", Integer.parseInt(user));
		Files.setAttribute(folder, "unix:gid", Integer.parseInt(user));
		return folder;
	}

	private Map<String, Object> workload(String service) {
		Map<String, Object> workload = this.workloads.get(service);
		if (workload == null) {
			throw new AssertionError("the rendered manifests hold no Deployment or StatefulSet " + service);
		}
		return workload;
	}

	private Map<String, Object> container(String service) {
		return map(list(podSpec(workload(service)).get("containers")).get(0));
	}

	private static Map<String, Object> podSpec(Map<String, Object> workload) {
		return map(map(map(workload.get("spec")).get("template")).get("spec"));
	}

	private static String podName(Map<String, Object> workload, int index) {
		return map(workload.get("metadata")).get("name") + "-" + index;
	}

	private static String namespace(Map<String, Object> workload) {
		return String.valueOf(map(workload.get("metadata")).getOrDefault("namespace", "default"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		return (value instanceof List<?> list) ? (List<Object>) list : List.of();
	}

}
