package dev.mediaplatform.camera;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.repository.Repository;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * camera-service is packaged by feature. The camera aggregate ({@code camera}) knows no
 * other feature: sharing, streams, commands, recordings, status and accounts build on it,
 * the two ways in at the edge (the original API in {@code legacy}, Socket.IO in
 * {@code realtime}) build on those, and {@code config} is a leaf every feature may use.
 * The application class and the one exception handler sit above all of them.
 */
class ArchitectureTests {

	static final String ROOT = "dev.mediaplatform.camera";

	static final JavaClasses SERVICE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(ROOT);

	@Test
	void shouldHaveNoCyclesBetweenPackages() {
		slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(SERVICE);
	}

	@Test
	void shouldKeepConfigurationALeaf() {
		noClasses().that()
			.resideInAPackage(ROOT + ".config..")
			.should()
			.dependOnClassesThat(resideInAPackage(ROOT + "..").and(resideOutsideOfPackage(ROOT + ".config..")))
			.check(SERVICE);
	}

	@Test
	void shouldKeepTheCameraAggregateFreeOfOtherFeatures() {
		noClasses().that()
			.resideInAPackage(ROOT + ".camera..")
			.should()
			.dependOnClassesThat(resideInAPackage(ROOT + "..").and(resideOutsideOfPackage(ROOT + ".camera.."))
				.and(resideOutsideOfPackage(ROOT + ".config..")))
			.check(SERVICE);
	}

	@Test
	void shouldKeepFeaturesUnawareOfTheApplicationAndItsExceptionHandler() {
		noClasses().that()
			.resideInAPackage(ROOT + ".*..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT)
			.check(SERVICE);
	}

	@Test
	void shouldKeepTheWaysInAtTheEdge() {
		noClasses().that()
			.resideOutsideOfPackages(ROOT + ".legacy..", ROOT + ".realtime..")
			.and()
			.resideOutsideOfPackage(ROOT)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + ".legacy..", ROOT + ".realtime..")
			.check(SERVICE);
	}

	@Test
	void shouldKeepWebControllersAwayFromStorage() {
		noClasses().that()
			.areAnnotatedWith(RestController.class)
			.should()
			.dependOnClassesThat(assignableTo(Repository.class).or(assignableTo(MongoOperations.class))
				.or(simpleNameEndingWith("Catalogue")))
			.check(SERVICE);
	}

	@Test
	void shouldLetOnlyTheOutboxPublishCommands() {
		noClasses().that()
			.resideOutsideOfPackage(ROOT + ".command..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".command..")
			.check(SERVICE);
	}

}
