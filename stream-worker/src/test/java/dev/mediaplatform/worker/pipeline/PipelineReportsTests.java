package dev.mediaplatform.worker.pipeline;

import java.nio.file.Path;
import java.util.List;

import dev.mediaplatform.worker.media.RecordingFolder;
import dev.mediaplatform.worker.status.PipelineState;
import dev.mediaplatform.worker.status.RecordingState;
import dev.mediaplatform.worker.storage.StorageLayout;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * What a running pipeline's reports become: status events with the generation acted on,
 * counted once per state entered, and nothing once the pipeline is retired.
 */
class PipelineReportsTests {

	static final String CAMERA = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	final StatusReports statuses = mock(StatusReports.class);

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final PipelineReports reports = new PipelineReports(
			new RecordingFolder(new StorageLayout(Path.of("/srv/storage")), CAMERA), 3,
			Observation.start("test", ObservationRegistry.NOOP), this.statuses, mock(RecordingAnnouncements.class),
			new PipelineMetrics(this.meters, List.of()));

	@Test
	void shouldPublishStatusesWithTheLatestGenerationAndCountReconnectsOnce() {
		PipelineStatus reconnecting = new PipelineStatus(PipelineState.RECONNECTING, "lost", 1, RecordingState.OFF,
				null);

		this.reports.statusChanged(reconnecting);
		this.reports.generation(4);
		PipelineStatus again = new PipelineStatus(PipelineState.RECONNECTING, "lost", 2, RecordingState.OFF, null);
		this.reports.statusChanged(again);

		verify(this.statuses).publish(CAMERA, reconnecting, 3);
		verify(this.statuses).publish(CAMERA, again, 4);
		assertThat(this.meters.counter("worker.reconnects").count()).isEqualTo(1);
	}

	@Test
	void shouldDropWhatARetiredPipelineStillReports() {
		this.reports.retire();
		this.reports.statusChanged(PipelineStatus.idle());

		verify(this.statuses, never()).publish(anyString(), any(), anyLong());
	}

}
