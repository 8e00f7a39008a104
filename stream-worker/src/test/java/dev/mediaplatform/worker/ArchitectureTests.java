package dev.mediaplatform.worker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The worker's dependencies run one way: Kafka commands and retention drive pipelines,
 * pipelines drive the media engine, and the media engine knows nothing of either;
 * configuration and the storage layout are leaves every feature may use (the layout reads
 * its rules from the shared {@code storage-layout} module only). Native code sits in one
 * package, {@code media.ffmpeg}, behind the {@code MediaEngine} seam of {@code media}.
 * Inside {@code pipeline}, calls run one way: {@code Pipelines} drives its pipelines,
 * which report through {@code PipelineListener} and never call back into it.
 */
class ArchitectureTests {

	/**
	 * The one class outside the FFmpeg package that may name it: it constructs the
	 * engine.
	 */
	static final String ENGINE_BEAN = "dev.mediaplatform.worker.pipeline.PipelineConfiguration";

	static final JavaClasses WORKER = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.mediaplatform.worker");

	@Test
	void shouldHaveNoCyclesBetweenPackages() {
		slices().matching("dev.mediaplatform.worker.(*)..").should().beFreeOfCycles().check(WORKER);
	}

	@Test
	void shouldKeepConfigurationFreeOfFeatures() {
		noClasses().that()
			.resideInAPackage("..worker.config..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..worker.command..", "..worker.pipeline..", "..worker.media..", "..worker.status..",
					"..worker.retention..")
			.check(WORKER);
	}

	@Test
	void shouldKeepTheMediaEngineUnawareOfKafkaAndPipelines() {
		noClasses().that()
			.resideInAPackage("..worker.media..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..worker.command..", "..worker.pipeline..", "..worker.status..",
					"..worker.retention..", "..worker.config..", "org.springframework..", "org.apache.kafka..")
			.check(WORKER);
	}

	@Test
	void shouldLetOnlyTheFfmpegPackageTouchFfmpeg() {
		noClasses().that()
			.resideOutsideOfPackage("..worker.media.ffmpeg..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.bytedeco..")
			.check(WORKER);
	}

	@Test
	void shouldReachFfmpegOnlyThroughTheMediaEngine() {
		noClasses().that()
			.resideOutsideOfPackage("..worker.media.ffmpeg..")
			.and()
			.doNotHaveFullyQualifiedName(ENGINE_BEAN)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..worker.media.ffmpeg..")
			.check(WORKER);
	}

	@Test
	void shouldKeepTheMediaSeamFreeOfFfmpeg() {
		noClasses().that()
			.resideInAPackage("..worker.media")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..worker.media.ffmpeg..", "org.bytedeco..")
			.check(WORKER);
	}

	@Test
	void shouldKeepPipelinesUnawareOfHowCommandsArrive() {
		noClasses().that()
			.resideInAPackage("..worker.pipeline..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..worker.command..", "..worker.retention..")
			.check(WORKER);
	}

	@Test
	void shouldKeepTheStorageLayoutALeaf() {
		noClasses().that()
			.resideInAPackage("..worker.storage..")
			.should()
			.dependOnClassesThat()
			.resideOutsideOfPackages("..worker.storage..", "dev.mediaplatform.storagelayout..", "java..")
			.check(WORKER);
	}

	@Test
	void shouldLetPipelinesReportThroughTheirListenerOnly() {
		noClasses().that()
			.resideInAPackage("..worker.pipeline..")
			.and()
			.doNotHaveFullyQualifiedName("dev.mediaplatform.worker.pipeline.Pipelines")
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("dev.mediaplatform.worker.pipeline.Pipelines")
			.check(WORKER);
	}

}
