package dev.mediaplatform.worker.pipeline;

import java.util.List;

import io.micrometer.core.instrument.Meter;

/**
 * A pipeline this worker runs, with what it was started for.
 *
 * @param pipeline the pipeline
 * @param source what its connection depends on; a change restarts it
 * @param reports where it reports, and the generation it acts on
 * @param meters its own meters, removed when it stops
 */
record RunningPipeline(CameraPipeline pipeline, Source source, PipelineReports reports, List<Meter> meters) {

	/** What the pipeline's connection depends on. */
	record Source(String url, String credentials, String transport) {

		static Source of(Desired desired) {
			return new Source(desired.sourceUrl(), desired.credentials(),
					(desired.transport() != null) ? desired.transport() : "tcp");
		}

	}

}
