package dev.mediaplatform.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * The Kubernetes objects of one rendering of the platform (the base, or an overlay).
 *
 * @param objects every object, typed
 */
record Platform(List<HasMetadata> objects) {

	static Platform of(List<HasMetadata> objects) {
		return new Platform(List.copyOf(objects));
	}

	<T extends HasMetadata> List<T> all(Class<T> kind) {
		return this.objects.stream().filter(kind::isInstance).map(kind::cast).toList();
	}

	<T extends HasMetadata> T one(Class<T> kind, String name) {
		return all(kind).stream()
			.filter((object) -> name.equals(object.getMetadata().getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
	}

	/** The Deployments and StatefulSets. */
	List<Workload> workloads() {
		return this.objects.stream().map(Workload::of).filter(Objects::nonNull).toList();
	}

	Workload workload(String name) {
		return workloads().stream()
			.filter((workload) -> workload.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no Deployment or StatefulSet " + name));
	}

	/**
	 * A Deployment or StatefulSet.
	 *
	 * @param kind its kind
	 * @param name its name
	 * @param replicas its replicas, {@code null} when it leaves them to someone else
	 * @param selector its selector
	 * @param template its pods
	 */
	record Workload(String kind, String name, Integer replicas, LabelSelector selector, PodTemplateSpec template) {

		static Workload of(HasMetadata object) {
			if (object instanceof Deployment deployment) {
				return new Workload("Deployment", deployment.getMetadata().getName(),
						deployment.getSpec().getReplicas(), deployment.getSpec().getSelector(),
						deployment.getSpec().getTemplate());
			}
			if (object instanceof StatefulSet set) {
				return new Workload("StatefulSet", set.getMetadata().getName(), set.getSpec().getReplicas(),
						set.getSpec().getSelector(), set.getSpec().getTemplate());
			}
			return null;
		}

		PodSpec pod() {
			return this.template.getSpec();
		}

		Map<String, String> labels() {
			return this.template.getMetadata().getLabels();
		}

		/** The container named like the workload (every workload has exactly one). */
		Container container() {
			return pod().getContainers()
				.stream()
				.filter((container) -> container.getName().equals(this.name))
				.findFirst()
				.orElseThrow(() -> new AssertionError(this.name + " has no container " + this.name));
		}

		/** The variables set to a plain value. */
		Map<String, String> env() {
			Map<String, String> values = new LinkedHashMap<>();
			for (EnvVar variable : container().getEnv()) {
				if (variable.getValue() != null) {
					values.put(variable.getName(), variable.getValue());
				}
			}
			return values;
		}

		/** The volume mount that holds this path, or {@code null}. */
		VolumeMount mountOf(String path) {
			return container().getVolumeMounts()
				.stream()
				.filter((mount) -> Manifests.isUnder(path, mount.getMountPath()))
				.findFirst()
				.orElse(null);
		}

		Volume volume(VolumeMount mount) {
			return pod().getVolumes()
				.stream()
				.filter((volume) -> volume.getName().equals(mount.getName()))
				.findFirst()
				.orElseThrow(() -> new AssertionError(this.name + " mounts an undeclared volume " + mount.getName()));
		}

		int replicasOrOne() {
			return (this.replicas != null) ? this.replicas : 1;
		}

	}

	/**
	 * Whether a label selector selects these labels (matchLabels and matchExpressions).
	 */
	static boolean selects(LabelSelector selector, Map<String, String> labels) {
		if (selector == null) {
			return false;
		}
		Map<String, String> actual = (labels != null) ? labels : Map.of();
		if (selector.getMatchLabels() != null && !selector.getMatchLabels()
			.entrySet()
			.stream()
			.allMatch((label) -> label.getValue().equals(actual.get(label.getKey())))) {
			return false;
		}
		if (selector.getMatchExpressions() != null) {
			for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
				String value = actual.get(requirement.getKey());
				boolean matches = switch (requirement.getOperator()) {
					case "In" -> value != null && requirement.getValues().contains(value);
					case "NotIn" -> value == null || !requirement.getValues().contains(value);
					case "Exists" -> value != null;
					case "DoesNotExist" -> value == null;
					default -> throw new AssertionError("unknown selector operator " + requirement.getOperator());
				};
				if (!matches) {
					return false;
				}
			}
		}
		return true;
	}

}
