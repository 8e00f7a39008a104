package dev.mediaplatform.deployment;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files as the tests read them: YAML documents, the Kubernetes objects
 * they hold (fabric8's typed models), the overlays as kubectl renders them, and what the
 * services read (their application.yml and configuration defaults).
 */
final class Manifests {

	static final Path HOME = Path.of(System.getProperty("media.home", "..")).toAbsolutePath().normalize();

	static final Path K8S = HOME.resolve("k8s");

	static final List<String> SERVICES = List.of("discovery-server", "auth-service", "camera-service", "stream-worker",
			"api-gateway");

	static final List<String> STORES = List.of("kafka", "mysql", "mongo");

	static final List<String> OVERLAYS = List.of("local", "production");

	/** Variables the JVM or the image read, not Spring configuration. */
	static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

	/** The kinds the platform uses, by {@code apiVersion/kind}. */
	static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("v1/Namespace", Namespace.class,
			"v1/ConfigMap", ConfigMap.class, "v1/PersistentVolumeClaim", PersistentVolumeClaim.class, "v1/Service",
			Service.class, "v1/Secret", Secret.class, "apps/v1/Deployment", Deployment.class, "apps/v1/StatefulSet",
			StatefulSet.class, "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
			"policy/v1/PodDisruptionBudget", PodDisruptionBudget.class, "networking.k8s.io/v1/NetworkPolicy",
			NetworkPolicy.class);

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

	private static final Pattern PARTITIONS_DEFAULT = Pattern.compile("String PARTITIONS = \"(\\d+)\";");

	private static final Pattern PARTITIONS_SETTING = Pattern
		.compile("@DefaultValue\\(PlatformTopics.PARTITIONS\\)\\s+int partitions");

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private static final Map<String, Platform> PLATFORMS = new ConcurrentHashMap<>();

	private Manifests() {
	}

	/**
	 * The platform by name: {@code base} read from its files, an overlay as
	 * {@code kubectl kustomize} renders it.
	 */
	static Platform platform(String name) {
		return PLATFORMS.computeIfAbsent(name, (key) -> key.equals("base") ? base()
				: Platform.of(typed(documents(render(K8S.resolve("overlays").resolve(key))))));
	}

	private static Platform base() {
		List<HasMetadata> objects = new ArrayList<>();
		for (String resource : strings(kustomization(K8S.resolve("base")).get("resources"))) {
			objects.addAll(typed(documents(K8S.resolve("base").resolve(resource))));
		}
		return Platform.of(objects);
	}

	static Map<String, Object> kustomization(Path folder) {
		List<Map<String, Object>> documents = documents(folder.resolve("kustomization.yaml"));
		if (documents.size() != 1) {
			throw new AssertionError(folder + "/kustomization.yaml must hold one document");
		}
		return documents.get(0);
	}

	/** The YAML files under a folder, kustomization files included. */
	static List<Path> yamlFiles(Path folder) {
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter((file) -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new AssertionError("cannot list " + folder, ex);
		}
	}

	static List<Map<String, Object>> documents(Path file) {
		try (Reader reader = Files.newBufferedReader(file)) {
			return documents(reader);
		}
		catch (IOException ex) {
			throw new AssertionError("cannot read " + file, ex);
		}
	}

	static List<Map<String, Object>> documents(String text) {
		return documents(new StringReader(text));
	}

	private static List<Map<String, Object>> documents(Reader reader) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : yaml().loadAll(reader)) {
			if (document != null) {
				documents.add(map(document));
			}
		}
		return documents;
	}

	static List<HasMetadata> typed(List<Map<String, Object>> documents) {
		return documents.stream().map(Manifests::typed).toList();
	}

	/**
	 * The document as fabric8's model of its kind; an unknown kind or a value of the
	 * wrong type fails. Fields the model does not know end up in its additional
	 * properties: see {@link #unknownFields}.
	 */
	static HasMetadata typed(Map<String, Object> document) {
		String kind = document.get("apiVersion") + "/" + document.get("kind");
		Class<? extends HasMetadata> type = KINDS.get(kind);
		if (type == null) {
			throw new AssertionError("not a kind the platform uses: " + kind + " (" + name(document) + ")");
		}
		try {
			return MAPPER.convertValue(document, type);
		}
		catch (IllegalArgumentException ex) {
			throw new AssertionError(kind + " " + name(document) + " does not parse: " + ex.getMessage(), ex);
		}
	}

	private static Object name(Map<String, Object> document) {
		Object metadata = document.get("metadata");
		return (metadata instanceof Map<?, ?> fields) ? fields.get("name") : null;
	}

	/**
	 * The paths of every field, at any depth, that the model did not know (a misspelt or
	 * misplaced field, which the API server would drop or refuse).
	 */
	static List<String> unknownFields(Object model) {
		List<String> found = new ArrayList<>();
		collectUnknownFields(model, "", found);
		return found;
	}

	private static void collectUnknownFields(Object value, String path, List<String> found) {
		if (value instanceof Collection<?> items) {
			int index = 0;
			for (Object item : items) {
				collectUnknownFields(item, path + "[" + index++ + "]", found);
			}
			return;
		}
		if (value instanceof Map<?, ?> entries) {
			entries.forEach((key, item) -> collectUnknownFields(item, path + "." + key, found));
			return;
		}
		if (value == null || !value.getClass().getName().startsWith("io.fabric8.")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0) {
				continue;
			}
			if (getter.getName().equals("getAdditionalProperties")) {
				((Map<?, ?>) invoke(getter, value)).keySet().forEach((field) -> found.add(path + "." + field));
			}
			else if (getter.isAnnotationPresent(JsonProperty.class)) {
				String field = getter.getAnnotation(JsonProperty.class).value();
				collectUnknownFields(invoke(getter, value), path + "." + field, found);
			}
		}
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException(getter.toString(), ex);
		}
	}

	/** {@code kubectl kustomize folder}: the objects it renders, as YAML. */
	static String render(Path folder) {
		Path kubectl = kubectl();
		try {
			Path errors = Files.createTempFile("kustomize", ".err");
			try {
				Process process = new ProcessBuilder(kubectl.toString(), "kustomize", folder.toString())
					.redirectError(errors.toFile())
					.start();
				byte[] output = process.getInputStream().readAllBytes();
				if (!process.waitFor(60, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new AssertionError(kubectl + " kustomize " + folder + " did not finish within 60 s");
				}
				if (process.exitValue() != 0) {
					throw new AssertionError(kubectl + " kustomize " + folder + " failed (exit " + process.exitValue()
							+ "): " + Files.readString(errors));
				}
				return new String(output, StandardCharsets.UTF_8);
			}
			finally {
				Files.deleteIfExists(errors);
			}
		}
		catch (IOException ex) {
			throw new AssertionError("cannot run " + kubectl + " kustomize " + folder, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while rendering " + folder, ex);
		}
	}

	/**
	 * kubectl: the one the system property {@code kubectl} names, else /usr/bin/kubectl
	 * or the first on the PATH.
	 */
	static Path kubectl() {
		String chosen = System.getProperty("kubectl");
		List<Path> candidates = new ArrayList<>();
		if (chosen != null) {
			candidates.add(Path.of(chosen));
		}
		else {
			candidates.add(Path.of("/usr/bin/kubectl"));
			for (String folder : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
				if (!folder.isEmpty()) {
					candidates.add(Path.of(folder, "kubectl"));
				}
			}
		}
		return candidates.stream()
			.filter(Files::isExecutable)
			.findFirst()
			.orElseThrow(() -> new AssertionError("kubectl is missing, and the overlays cannot be rendered without it: "
					+ ((chosen != null) ? "-Dkubectl=" + chosen + " is not an executable file"
							: "neither /usr/bin/kubectl nor kubectl on the PATH")
					+ ". Install kubectl 1.27 or later (kustomize v5) or pass -Dkubectl=/path/to/kubectl"));
	}

	/**
	 * The images' tag: the build's {@code image.tag} (surefire passes it), else the root
	 * pom's.
	 */
	static String imageTag() {
		String tag = System.getProperty("image.tag");
		if (tag != null && !tag.isBlank() && !tag.startsWith("${")) {
			return tag;
		}
		try {
			Matcher matcher = Pattern.compile("<image\\.tag>([^<]+)</image\\.tag>")
				.matcher(Files.readString(HOME.resolve("pom.xml")));
			if (!matcher.find()) {
				throw new AssertionError("no <image.tag> property in " + HOME.resolve("pom.xml"));
			}
			return matcher.group(1).trim();
		}
		catch (IOException ex) {
			throw new AssertionError("cannot read the root pom", ex);
		}
	}

	/**
	 * The default partition count of the camera topics: the one {@code platform-topics}
	 * declares, which both services that create them (camera-service and stream-worker)
	 * must take as their setting's default.
	 */
	static int partitionsDefault() {
		for (String source : List.of(
				"camera-service/src/main/java/dev/mediaplatform/camera/config/CameraProperties.java",
				"stream-worker/src/main/java/dev/mediaplatform/worker/config/WorkerProperties.java")) {
			if (!PARTITIONS_SETTING.matcher(read(HOME.resolve(source))).find()) {
				throw new AssertionError(source + " does not default its partitions to PlatformTopics.PARTITIONS");
			}
		}
		String topics = "platform-topics/src/main/java/dev/mediaplatform/topics/PlatformTopics.java";
		Matcher matcher = PARTITIONS_DEFAULT.matcher(read(HOME.resolve(topics)));
		if (!matcher.find()) {
			throw new AssertionError("no default partition count in " + topics);
		}
		return Integer.parseInt(matcher.group(1));
	}

	/** The environment variables a service's application.yml reads as placeholders. */
	static Set<String> readableVariables(String service) {
		Set<String> names = new HashSet<>();
		Matcher matcher = PLACEHOLDER.matcher(applicationYaml(service));
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	/**
	 * The ports a service listens on: each {@code ${NAME_PORT:default}} of its
	 * application.yml, by variable.
	 */
	static Map<String, Integer> listeningPorts(String service) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		Matcher matcher = Pattern.compile("\\$\\{([A-Z0-9_]*PORT):(\\d+)}").matcher(applicationYaml(service));
		while (matcher.find()) {
			ports.put(matcher.group(1), Integer.valueOf(matcher.group(2)));
		}
		return ports;
	}

	static String applicationYaml(String service) {
		return read(HOME.resolve(service + "/src/main/resources/application.yml"));
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new AssertionError("cannot read " + file, ex);
		}
	}

	/**
	 * The variables whose values are absolute paths in the file system: files and folders
	 * a service reads or writes.
	 */
	static Map<String, String> pathVariables(Map<String, String> environment) {
		Map<String, String> paths = new LinkedHashMap<>();
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

	private static Yaml yaml() {
		LoaderOptions options = new LoaderOptions();
		options.setMaxAliasesForCollections(100);
		return new Yaml(options);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		if (!(value instanceof Map)) {
			throw new AssertionError("expected a mapping, found " + value);
		}
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object value) {
		if (!(value instanceof List)) {
			throw new AssertionError("expected a list, found " + value);
		}
		return (List<Object>) value;
	}

	static List<String> strings(Object value) {
		return (value != null) ? list(value).stream().map(String::valueOf).toList() : List.of();
	}

}
