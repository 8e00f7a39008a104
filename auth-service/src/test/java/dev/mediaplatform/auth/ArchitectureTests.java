package dev.mediaplatform.auth;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.data.repository.Repository;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * auth-service's packages are features ({@code user}, {@code token}, {@code deletion},
 * {@code ratelimit}) over a {@code config} leaf, with the application class and the error
 * answers above them all: tokens are issued for accounts, accounts announce their
 * deletion, and the features never learn how their exceptions become HTTP answers.
 */
class ArchitectureTests {

	static final String[] FEATURES = { "..auth.user..", "..auth.token..", "..auth.deletion..", "..auth.ratelimit.." };

	static final JavaClasses AUTH = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.mediaplatform.auth");

	@Test
	void shouldHaveNoCyclesBetweenPackages() {
		slices().matching("dev.mediaplatform.auth.(*)..").should().beFreeOfCycles().check(AUTH);
	}

	@Test
	void shouldKeepConfigurationFreeOfFeatures() {
		noClasses().that()
			.resideInAPackage("..auth.config..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(FEATURES)
			.orShould()
			.dependOnClassesThat()
			.resideInAPackage("dev.mediaplatform.auth")
			.check(AUTH);
	}

	@Test
	void shouldLetNoPackageDependOnTheApplicationPackage() {
		noClasses().that()
			.resideOutsideOfPackage("dev.mediaplatform.auth")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.mediaplatform.auth")
			.check(AUTH);
	}

	@Test
	void shouldMapExceptionsToAnswersInOneAdviceOnly() {
		noClasses().that()
			.resideOutsideOfPackage("dev.mediaplatform.auth")
			.should()
			.beAnnotatedWith(RestControllerAdvice.class)
			.orShould()
			.beAnnotatedWith(ControllerAdvice.class)
			.check(AUTH);
	}

	@Test
	void shouldKeepControllersAwayFromRepositories() {
		noClasses().that()
			.areAnnotatedWith(RestController.class)
			.should()
			.dependOnClassesThat()
			.areAssignableTo(Repository.class)
			.check(AUTH);
	}

	@Test
	void shouldKeepAccountsUnawareOfTokens() {
		noClasses().that()
			.resideInAPackage("..auth.user..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..auth.token..")
			.check(AUTH);
	}

	@Test
	void shouldKeepTheDeletionOutboxFreeOfOtherFeatures() {
		noClasses().that()
			.resideInAPackage("..auth.deletion..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..auth.user..", "..auth.token..", "..auth.ratelimit..")
			.check(AUTH);
	}

	@Test
	void shouldKeepTheRateLimiterFreeOfOtherFeatures() {
		noClasses().that()
			.resideInAPackage("..auth.ratelimit..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..auth.user..", "..auth.token..", "..auth.deletion..")
			.check(AUTH);
	}

}
