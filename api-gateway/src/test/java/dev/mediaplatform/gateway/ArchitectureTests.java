package dev.mediaplatform.gateway;

import java.util.Arrays;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The gateway's packages depend one way: {@code problems} (how every error is written)
 * and {@code config} are leaves; routing, the Socket.IO affinity and the platform's
 * health stand alone; security may ask the web UI which requests are pages; the web UI
 * and stream delivery know nothing of each other or of security, and only stream delivery
 * reads media files and signed stream URLs. Nothing depends on the application class's
 * package.
 */
class ArchitectureTests {

	static final JavaClasses GATEWAY = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.mediaplatform.gateway");

	/**
	 * The classes of {@code gateway.<name>} depend on no gateway class outside their own
	 * package and the {@code allowed} ones.
	 */
	static ArchRule mayUseOnly(String name, String... allowed) {
		String[] packages = Stream.concat(Stream.of(name), Arrays.stream(allowed))
			.map((each) -> "..gateway." + each + "..")
			.toArray(String[]::new);
		return noClasses().that()
			.resideInAPackage("..gateway." + name + "..")
			.should()
			.dependOnClassesThat(
					resideInAPackage("dev.mediaplatform.gateway..").and(resideOutsideOfPackages(packages)));
	}

	@Test
	void shouldHaveNoCyclesBetweenPackages() {
		slices().matching("dev.mediaplatform.gateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
	}

	@Test
	void shouldKeepConfigurationALeaf() {
		mayUseOnly("config").check(GATEWAY);
	}

	@Test
	void shouldKeepProblemsALeafTheOthersUse() {
		mayUseOnly("problems").check(GATEWAY);
	}

	@Test
	void shouldKeepRoutingRealtimeAndPlatformFreeOfFeatures() {
		mayUseOnly("routing", "config", "problems").check(GATEWAY);
		mayUseOnly("realtime", "config", "problems").check(GATEWAY);
		mayUseOnly("platform", "config", "problems").check(GATEWAY);
	}

	@Test
	void shouldKeepTheWebUiUnawareOfStreamsAndSecurity() {
		mayUseOnly("web", "config", "problems").check(GATEWAY);
	}

	@Test
	void shouldKeepStreamDeliveryUnawareOfTheWebUiAndSecurity() {
		mayUseOnly("stream", "config", "problems").check(GATEWAY);
	}

	@Test
	void shouldLetSecurityAskTheWebUiOnly() {
		mayUseOnly("security", "config", "problems", "web").check(GATEWAY);
	}

	@Test
	void shouldLetOnlyStreamDeliveryReadMediaFilesAndStreamUrls() {
		noClasses().that()
			.resideOutsideOfPackage("..gateway.stream..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.mediaplatform.fmp4..", "dev.mediaplatform.streamurl..")
			.check(GATEWAY);
	}

}
