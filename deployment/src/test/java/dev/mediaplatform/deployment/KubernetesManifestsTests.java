package dev.mediaplatform.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The files under k8s/ as files: each one a kind the platform uses, every field one
 * Kubernetes knows, every file part of its kustomization, and each overlay rendered by
 * kubectl as a cluster would receive it.
 */
class KubernetesManifestsTests {

	/** The kustomization fields the files may use. */
	static final Set<String> KUSTOMIZATION_FIELDS = Set.of("apiVersion", "kind", "namespace", "resources", "patches",
			"images", "labels", "commonAnnotations", "configMapGenerator", "components", "replicas");

	@Nested
	class Parsing {

		@Test
		void shouldParseEveryDocumentIntoItsKubernetesModelWithoutUnknownFieldsWhenReadFromTheFiles() {
			List<Path> files = Manifests.yamlFiles(Manifests.K8S)
				.stream()
				.filter((file) -> !file.getFileName().toString().equals("kustomization.yaml"))
				.toList();
			assertThat(files).hasSizeGreaterThan(10);
			for (Path file : files) {
				for (Map<String, Object> document : Manifests.documents(file)) {
					HasMetadata object = Manifests.typed(document);
					assertThat(Manifests.unknownFields(object))
						.as(Manifests.K8S.relativize(file) + " " + object.getKind() + " "
								+ object.getMetadata().getName())
						.isEmpty();
				}
			}
		}

		@ParameterizedTest
		@ValueSource(strings = { "local", "production" })
		void shouldParseEveryRenderedObjectWithoutUnknownFieldsWhenAnOverlayIsRendered(String overlay) {
			Platform platform = Manifests.platform(overlay);
			assertThat(platform.objects()).hasSizeGreaterThan(30);
			for (HasMetadata object : platform.objects()) {
				assertThat(Manifests.unknownFields(object))
					.as(overlay + " " + object.getKind() + " " + object.getMetadata().getName())
					.isEmpty();
				assertThat(object.getMetadata().getNamespace()).as(object.getMetadata().getName())
					.isEqualTo(object.getKind().equals("Namespace") ? null : "media-platform");
			}
		}

		@Test
		void shouldReportAMisspeltFieldAtAnyDepthWhenTheModelDoesNotKnowIt() {
			String misspelt = """
					apiVersion: apps/v1
					kind: Deployment
					metadata:
					  name: broken
					spec:
					  template:
					    spec:
					      containers:
					        - name: broken
					          securityContext:
					            readOnlyRootFileSystem: true
					""";
			HasMetadata object = Manifests.typed(Manifests.documents(misspelt).get(0));
			assertThat(Manifests.unknownFields(object))
				.containsExactly(".spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem");
		}

		@Test
		void shouldRefuseAKindThePlatformDoesNotUseWhenTheApiVersionIsWrong() {
			Map<String, Object> document = Map.of("apiVersion", "extensions/v1beta1", "kind", "Deployment", "metadata",
					Map.of("name", "old"));
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Manifests.typed(document))
				.withMessageContaining("extensions/v1beta1/Deployment");
		}

	}

	@Nested
	class Kustomizations {

		@Test
		void shouldListEveryManifestOfTheBaseInItsKustomization() {
			assertListsEveryFile(Manifests.K8S.resolve("base"));
		}

		@ParameterizedTest
		@ValueSource(strings = { "local", "production" })
		void shouldListEveryPatchOfAnOverlayAndBuildOnTheBase(String overlay) {
			Path folder = Manifests.K8S.resolve("overlays").resolve(overlay);
			assertListsEveryFile(folder);
			assertThat(Manifests.strings(Manifests.kustomization(folder).get("resources")))
				.containsExactly("../../base");
		}

		@Test
		void shouldUseOnlyKustomizationFieldsKustomizeKnowsWhenAFieldIsMisspelt() {
			for (Path file : Manifests.yamlFiles(Manifests.K8S)) {
				if (file.getFileName().toString().equals("kustomization.yaml")) {
					Map<String, Object> kustomization = Manifests.documents(file).get(0);
					assertThat(KUSTOMIZATION_FIELDS).as(Manifests.K8S.relativize(file).toString())
						.containsAll(kustomization.keySet());
					assertThat(kustomization.get("apiVersion")).isEqualTo("kustomize.config.k8s.io/v1beta1");
				}
			}
		}

		@Test
		void shouldPutEveryObjectOfTheBaseInTheNamespaceThatEnforcesTheRestrictedPodSecurityProfile() {
			Map<String, Object> base = Manifests.kustomization(Manifests.K8S.resolve("base"));
			assertThat(base.get("namespace")).isEqualTo("media-platform");
			assertThat(Manifests.platform("base")
				.one(io.fabric8.kubernetes.api.model.Namespace.class, "media-platform")
				.getMetadata()
				.getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
		}

		private void assertListsEveryFile(Path folder) {
			Map<String, Object> kustomization = Manifests.kustomization(folder);
			List<String> listed = new ArrayList<>(Manifests.strings(kustomization.get("resources")));
			if (kustomization.get("patches") != null) {
				for (Object patch : Manifests.list(kustomization.get("patches"))) {
					listed.add(String.valueOf(Manifests.map(patch).get("path")));
				}
			}
			List<String> files;
			try (var entries = Files.list(folder)) {
				files = entries.map((file) -> file.getFileName().toString())
					.filter((name) -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
					.toList();
			}
			catch (java.io.IOException ex) {
				throw new AssertionError(ex);
			}
			assertThat(listed.stream().filter((entry) -> !entry.startsWith("..")).toList()).as(folder.toString())
				.containsExactlyInAnyOrderElementsOf(files);
		}

	}

	@Nested
	class Rendering {

		@ParameterizedTest
		@ValueSource(strings = { "base", "overlays/local", "overlays/production" })
		void shouldRenderWithKubectlKustomizeWhenAppliedWithKubectlApplyK(String folder) {
			String rendered = Manifests.render(Manifests.K8S.resolve(folder));
			List<HasMetadata> objects = Manifests.typed(Manifests.documents(rendered));
			assertThat(objects).extracting((object) -> object.getKind())
				.contains("Namespace", "Deployment", "StatefulSet", "HorizontalPodAutoscaler", "PodDisruptionBudget",
						"NetworkPolicy");
		}

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldKeepEverySecretOutOfTheFilesWhenRendered(String platform) {
			assertThat(Manifests.platform(platform).all(Secret.class)).isEmpty();
		}

		@Test
		void shouldNameTheFileToFixWhenKustomizeRefusesAnOverlay() throws java.io.IOException {
			Path broken = Files.createTempDirectory("overlay");
			try {
				Files.writeString(broken.resolve("kustomization.yaml"), "resources:\n  - missing.yaml\n");
				assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Manifests.render(broken))
					.withMessageContaining("missing.yaml");
			}
			finally {
				Files.deleteIfExists(broken.resolve("kustomization.yaml"));
				Files.deleteIfExists(broken);
			}
		}

	}

}
