package dev.mediaplatform.camera.recording;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import dev.mediaplatform.camera.camera.Caller;
import dev.mediaplatform.camera.camera.Camera;
import dev.mediaplatform.camera.camera.CameraService;
import dev.mediaplatform.camera.camera.Role;
import dev.mediaplatform.camera.stream.StreamUrls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * Which recording a DELETE or a stray file request names, with the catalogue and the
 * deletions topic stubbed.
 */
class RecordingServiceTests {

	static final String ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	static final long START = 1_700_000_000_000L;

	final CameraService cameras = mock();

	final RecordingCatalogue catalogue = mock();

	final RecordingDeletions deletions = mock();

	final Caller alice = new Caller("alice-id", "alice", null);

	RecordingService service;

	@BeforeEach
	void setUp() {
		Camera camera = mock();
		given(camera.getId()).willReturn(ID);
		given(this.cameras.require(any(), eq(ID), any(Role.class))).willReturn(camera);
		this.service = new RecordingService(this.cameras, this.catalogue, this.deletions, mock(StreamUrls.class),
				Clock.fixed(Instant.ofEpochMilli(START), ZoneOffset.UTC));
	}

	static Recording closed() {
		return new Recording(Recording.id(ID, START), ID, START, START + 60_000, 60_000L, 3_000_000, "h264", true,
				false, 1_000L, List.of(), "recordings/x.mp4", "worker-1");
	}

	@Test
	void shouldDeleteARecordingNamedByItsFileName() {
		given(this.catalogue.find(ID, START)).willReturn(Optional.of(closed()));

		this.service.delete(this.alice, ID, START + ".mp4");

		then(this.deletions).should().publish(ID, START);
		then(this.catalogue).should().remove(ID, START);
	}

	@Test
	void shouldDeleteARecordingNamedByItsId() {
		given(this.catalogue.find(ID, START)).willReturn(Optional.of(closed()));

		this.service.delete(this.alice, ID, Long.toString(START));

		then(this.deletions).should().publish(ID, START);
	}

	@Test
	void shouldAnswerNotFoundForANameThatIsNeitherForm() {
		for (String name : List.of("abc", START + ".mp4.mp4", START + ".jpg", ".mp4", "1234567890123456789")) {
			assertThatExceptionOfType(RecordingNotFound.class).as(name)
				.isThrownBy(() -> this.service.delete(this.alice, ID, name));
		}
		then(this.deletions).should(never()).publish(any(), anyLong());
	}

	@Test
	void shouldAnswerNotFoundForAStrayFileRequestAfterCheckingTheCamera() {
		assertThatExceptionOfType(RecordingNotFound.class)
			.isThrownBy(() -> this.service.noSuchFile(this.alice, ID, "abc"))
			.withMessage("camera " + ID + " has no recording abc");
		then(this.cameras).should().require(this.alice, ID, Role.VIEWER);
	}

	@Test
	void shouldPromiseNoSizeOrPictureOfARecordingBeingWritten() {
		Recording open = new Recording(Recording.id(ID, START), ID, START, null, null, 0, "h264", false, false, null,
				List.of(), "recordings/x.mp4", "worker-1");

		RecordingView view = RecordingView.of(open, "/recordings/" + ID + "/t");
		RecordingView done = RecordingView.of(closed(), "/recordings/" + ID + "/t");

		assertThat(view.bytes()).isNull();
		assertThat(view.thumbnailUrl()).isNull();
		assertThat(view.endedAt()).isNull();
		assertThat(done.bytes()).isEqualTo(3_000_000L);
		assertThat(done.thumbnailUrl()).isEqualTo("/recordings/" + ID + "/t/" + START + "/thumbnail.jpg");
	}

	@Test
	void shouldCatalogueTheSettledPartOfAChunkBeingWrittenAndRefuseAProgressWithNothingToPlay() {
		given(this.cameras.exists(ID)).willReturn(true);
		List<Recording.Segment> segments = List.of(new Recording.Segment(900, 4000, 1000),
				new Recording.Segment(4900, 3000, 1000));

		this.service.catalogue(progress(900L, segments));

		then(this.catalogue).should()
			.progressed(new Recording(Recording.id(ID, START), ID, START, null, null, 0, "h264", false, false, 900L,
					segments, "recordings/x.mp4", "worker-1"));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.service.catalogue(progress(null, segments)));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.service.catalogue(progress(900L, List.of())));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.service.catalogue(progress(900L, List.of(new Recording.Segment(900, 0, 1000)))));
	}

	private static RecordingEvent progress(Long initSize, List<Recording.Segment> segments) {
		return new RecordingEvent(ID, "PROGRESS", START, "recordings/x.mp4", Instant.ofEpochMilli(START), null, 2000L,
				7900L, "h264", false, false, "worker-1", initSize, segments, null, Instant.ofEpochMilli(START + 5000));
	}

}
