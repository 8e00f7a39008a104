package dev.mediaplatform.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The five images as Jib built them ({@code ./mvnw -Pimages}), loaded into podman: who
 * they run as, how they are layered, what they weigh and which natives they carry.
 * {@link KubePlayIT} then runs them as the Kubernetes manifests say.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagesIT {

	static final Path home = Manifests.HOME;

	static final String TAG = System.getProperty("image.tag", "0.1.0");

	static final List<String> SERVICES = Manifests.SERVICES;

	/** The unprivileged user every image runs as (the manifests' runAsUser). */
	static final String USER = "10001";

	static final JsonMapper json = JsonMapper.shared();

	private Podman podman;

	@BeforeAll
	void loadTheImages() {
		this.podman = Podman.forProject(home);
		this.podman.load(home, SERVICES);
	}

	@Test
	void shouldRunAsTheUnprivilegedUserWhateverThePodSays() {
		for (String service : SERVICES) {
			assertThat(this.podman.run("image", "inspect", "--format", "{{.Config.User}}", image(service))).as(service)
				.isEqualTo(USER + ":" + USER);
		}
	}

	@Test
	void shouldLayerEveryImageWithItsClassesApartFromItsDependencies() throws IOException {
		StringBuilder report = new StringBuilder("| image | size | layers (Jib's names) |\n|---|---|---|\n");
		for (String service : SERVICES) {
			JsonNode history = json
				.readTree(this.podman.run("image", "inspect", "--format", "{{json .History}}", image(service)));
			List<String> layers = new ArrayList<>();
			history.forEach((entry) -> layers.add(entry.path("comment").asString()));
			assertThat(layers).as(service).contains("dependencies", "classes", "resources");
			assertThat(layers.indexOf("classes")).as(service).isGreaterThan(layers.indexOf("dependencies"));
			long bytes = Long.parseLong(this.podman.run("image", "inspect", "--format", "{{.Size}}", image(service)));
			report.append("| ")
				.append(image(service))
				.append(" | ")
				.append(bytes / 1_000_000)
				.append(" MB | ")
				.append(String.join(", ", layers.subList(1, layers.size())))
				.append(" |\n");
		}
		Files.writeString(home.resolve("deployment/target/image-sizes.md"), report);
		System.out.println("Image sizes (also in deployment/target/image-sizes.md):\n" + report);
	}

	@Test
	void shouldShipOnlyTheLinuxX8664FfmpegNatives() {
		String jars = this.podman.run("run", "--rm", "--network", "none", "--entrypoint", "ls", image("stream-worker"),
				"/app/libs");
		assertThat(jars).contains("ffmpeg-").contains("linux-x86_64");
		assertThat(jars.lines().filter((jar) -> jar.matches(".*-(windows|macosx|android|ios|linux-arm).*")))
			.as("natives of other platforms")
			.isEmpty();
	}

	static String image(String service) {
		return "localhost/media-platform/" + service + ":" + TAG;
	}

}
