package dev.mediaplatform.worker.media.ffmpeg;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mediaplatform.fmp4.Mp4Index;
import dev.mediaplatform.localstack.RtspTestCamera;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import dev.mediaplatform.worker.media.RecordedChunk;
import dev.mediaplatform.worker.media.RecordingFolder;
import dev.mediaplatform.worker.storage.StorageLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.mediaplatform.worker.media.ffmpeg.FfmpegEngineTests.engine;
import static dev.mediaplatform.worker.media.ffmpeg.FfmpegEngineTests.probe;
import static dev.mediaplatform.worker.media.ffmpeg.FfmpegEngineTests.source;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recording as the second output of one camera connection, against real RTSP cameras:
 * chunk files that decode, fragments on disk as they are made, a chunk cut off mid-write
 * recovered to its last complete fragment, and live switched off and on while recording
 * goes on. Chunks are 4 s long here.
 */
class RecordingTests {

	RtspTestCamera camera;

	@TempDir
	Path storage;

	/**
	 * A camera of its own for each test: GStreamer's RTSP server sometimes gets stuck
	 * answering 401 and then 503 to every client, and one stuck server must not fail the
	 * tests after it (seen once in CI).
	 */
	@BeforeEach
	void startCamera() {
		this.camera = RtspTestCamera.start(RtspTestCamera.Options.defaults().withMounts(2).withAudio());
	}

	@AfterEach
	void stopCamera() {
		this.camera.close();
	}

	@Test
	void shouldRecordChunksThatDecodeAndAreCutAtKeyframes() throws Exception {
		StorageLayout layout = new StorageLayout(this.storage);
		String id = UUID.randomUUID().toString();
		try (Recording running = Recording.start(layout, id, this.camera.url(1), false)) {
			running.awaitClosed(2);
		}
		List<RecordedChunk> closed = running(layout, id);
		assertThat(closed).hasSizeGreaterThanOrEqualTo(2);
		RecordedChunk first = closed.get(0);
		RecordedChunk second = closed.get(1);
		assertThat(first.path())
			.matches("recordings/" + id + "/[0-9]{4}/[0-9]{2}/[0-9]{2}/" + first.startMillis() + "\\.mp4");
		assertThat(first.codec()).isEqualTo("h264");
		assertThat(first.durationMillis()).isBetween(3_900L, 5_200L);
		// The next chunk starts where this one ends: no gap, no overlap.
		assertThat(second.startMillis()).isEqualTo(first.endMillis());
		Path file = this.storage.resolve(first.path());
		assertThat(Files.size(file)).isEqualTo(first.bytes());
		assertThat(first.segments()).isNotEmpty();
		assertThat(first.initSize()).isEqualTo(first.segments().get(0).offset());
		Mp4Index index = Mp4Index.read(file);
		assertThat(index.fragments()).allMatch((fragment) -> fragment.durationMillis() <= 1_050);
		assertThat(index.fragments().get(0).keyframe()).isTrue();
		// A picture of each chunk's first keyframe, for a timeline.
		assertThat(probe(layout.thumbnail(id, first.startMillis()), "-show_entries", "stream=codec_name,width"))
			.contains("codec_name=mjpeg", "width=320");
		assertThat(probe(file, "-count_frames", "-show_entries", "stream=codec_name,codec_type,nb_read_frames"))
			.contains("codec_name=h264", "codec_name=aac")
			.containsPattern("nb_read_frames=(8[0-9]|9[0-9]|1[0-3][0-9])\n");
	}

	@Test
	void shouldKeepFragmentsOnDiskAsTheyAreMadeAndRecoverAChunkCutOffMidWrite() throws Exception {
		StorageLayout layout = new StorageLayout(this.storage);
		String id = UUID.randomUUID().toString();
		String crashed = UUID.randomUUID().toString();
		long start;
		try (Recording running = Recording.start(layout, id, this.camera.url(2), false)) {
			RecordedChunk open = running.awaitOpened();
			start = open.startMillis();
			Path file = layout.chunk(id, start);
			Thread.sleep(2_500);
			// What a worker killed now leaves: the chunk as it is on disk, with its
			// marker.
			Path copy = layout.chunk(crashed, start);
			Files.createDirectories(copy.getParent());
			Files.copy(file, copy);
			Files.createDirectories(layout.openMarkers(crashed));
			Files.writeString(layout.openMarker(crashed, start), "");
		}
		Path copy = layout.chunk(crashed, start);
		Mp4Index before = Mp4Index.read(copy);
		assertThat(before.fragments()).as("complete fragments on disk after 2.5 s").hasSizeGreaterThanOrEqualTo(2);
		// Cut the last fragment in half, as a crash in the middle of a write would.
		Mp4Index.Fragment last = before.fragments().get(before.fragments().size() - 1);
		try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
			channel.truncate(last.offset() + last.size() / 2);
		}

		List<RecordedChunk> recovered = new RecordingFolder(layout, crashed).recover();
		assertThat(recovered).hasSize(1);
		RecordedChunk chunk = recovered.get(0);
		assertThat(chunk.complete()).isTrue();
		assertThat(chunk.recovered()).isTrue();
		assertThat(chunk.bytes()).isEqualTo(last.offset()).isEqualTo(Files.size(copy));
		assertThat(chunk.segments()).isNotEmpty();
		assertThat(probe(copy, "-count_frames", "-select_streams", "v:0", "-show_entries",
				"stream=codec_name,nb_read_frames"))
			.contains("codec_name=h264")
			.containsPattern("nb_read_frames=[1-9][0-9]");
		// The marker stays until the chunk's end is announced: a crash before that
		// recovers it again, unchanged.
		assertThat(new RecordingFolder(layout, crashed).recover()).containsExactly(chunk);
		new RecordingFolder(layout, crashed).announced(start);
		assertThat(layout.openMarker(crashed, start)).doesNotExist();
		assertThat(new RecordingFolder(layout, crashed).recover()).isEmpty();
	}

	@Test
	void shouldSettleTheChunkBeingWrittenAsItGrowsWithTheSegmentsItClosesWith() throws Exception {
		StorageLayout layout = new StorageLayout(this.storage);
		String id = UUID.randomUUID().toString();
		RecordingFolder folder = new RecordingFolder(layout, id);
		RecordedChunk early;
		RecordedChunk later;
		try (Recording running = Recording.start(layout, id, this.camera.url(1), false)) {
			long start = running.awaitOpened().startMillis();
			Thread.sleep(2_500);
			early = folder.progress(start);
			Thread.sleep(1_000);
			later = folder.progress(start);
			running.awaitClosed(1);
		}
		assertThat(early).as("settled after 2.5 s").isNotNull();
		assertThat(early.complete()).isFalse();
		assertThat(early.segments()).isNotEmpty();
		assertThat(later.segments()).hasSizeGreaterThan(early.segments().size());
		assertThat(Files.size(layout.chunk(id, early.startMillis()))).isGreaterThanOrEqualTo(later.bytes());
		// What was played while it grew is what the closed chunk holds.
		RecordedChunk closed = Recording.last.closed.get(0);
		assertThat(closed.startMillis()).isEqualTo(early.startMillis());
		assertThat(closed.initSize()).isEqualTo(early.initSize());
		assertThat(closed.segments()).startsWith(later.segments().toArray(Mp4Index.Segment[]::new));
		assertThat(later.durationMillis()).isLessThan(closed.durationMillis());
	}

	@Test
	void shouldWriteNotOneMoreByteOnceFencedNeitherLiveNorRecording() throws Exception {
		StorageLayout layout = new StorageLayout(this.storage);
		String id = UUID.randomUUID().toString();
		Recording running = Recording.start(layout, id, this.camera.url(1), true);
		RecordedChunk open = running.awaitOpened();
		running.awaitSegments(2);
		int segments = running.segments.get();
		int closed = running.closed.size();
		running.fence = MediaFailure.fenced("another worker took the camera over");
		MediaFailure failure = running.result.get(10, TimeUnit.SECONDS);
		assertThat(failure).as("the run ends as fenced").isNotNull();
		assertThat(failure.fenced()).isTrue();
		Map<Path, String> after = files(this.storage);
		Thread.sleep(1_500);
		assertThat(files(this.storage)).as("nothing written after the run ended").isEqualTo(after);
		assertThat(running.segments.get()).as("no segment after the fence").isLessThanOrEqualTo(segments + 1);
		assertThat(running.closed).as("the open chunk is neither closed nor announced").hasSize(closed);
		assertThat(layout.openMarker(id, open.startMillis())).as("left for the new owner to recover").exists();
		assertThat(Files.readString(layout.liveFolder(id).resolve("index.m3u8")))
			.as("the playlist is left for the new owner to continue")
			.doesNotContain("#EXT-X-ENDLIST");
	}

	/** Every file under the folder, with its size and content hash. */
	private static Map<Path, String> files(Path folder) throws Exception {
		Map<Path, String> files = new TreeMap<>();
		try (var walk = Files.walk(folder)) {
			for (Path file : walk.filter(Files::isRegularFile).toList()) {
				byte[] bytes = Files.readAllBytes(file);
				files.put(folder.relativize(file), bytes.length + " "
						+ HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
			}
		}
		return files;
	}

	@Test
	void shouldSwitchLiveOffAndOnWhileRecordingWithoutReconnecting() throws Exception {
		StorageLayout layout = new StorageLayout(this.storage);
		String id = UUID.randomUUID().toString();
		Path live = layout.liveFolder(id);
		try (Recording running = Recording.start(layout, id, this.camera.url(1), true)) {
			running.awaitSegments(2);
			running.live.set(false);
			awaitPlaylistEnded(live);
			int closedBefore = running.closed.size();
			running.awaitClosed(closedBefore + 1);
			running.live.set(true);
			int segments = running.segments.get();
			running.awaitSegments(segments + 2);
			assertThat(running.opens.get()).as("runs of the engine: one connection").isEqualTo(1);
		}
		assertThat(Files.readString(live.resolve("index.m3u8"))).doesNotContain("#EXT-X-ENDLIST");
	}

	@Test
	void shouldStartLiveViewFromTheGopTheRecordingHoldsWithoutWaitingForAKeyframe() throws Exception {
		StorageLayout layout = new StorageLayout(this.storage);
		String id = UUID.randomUUID().toString();
		Path live = layout.liveFolder(id);
		try (Recording running = Recording.start(layout, id, this.camera.url(1), false)) {
			running.awaitOpened();
			// Anywhere in a GOP (the test camera's is one second).
			Thread.sleep(600 + new java.util.Random().nextInt(400));
			long asked = System.nanoTime();
			Instant wall = Instant.now();
			running.live.set(true);
			while (!Files.exists(live.resolve("index.m3u8"))
					|| !Files.readString(live.resolve("index.m3u8")).contains("#EXT-X-PART:")) {
				assertThat(System.nanoTime() - asked).as("a first part within 10 s").isLessThan(10_000_000_000L);
				Thread.sleep(10);
			}
			long millis = (System.nanoTime() - asked) / 1_000_000;
			String playlist = Files.readString(live.resolve("index.m3u8"));
			assertThat(millis).as("the first part, from the held GOP, in ms: " + playlist).isLessThan(400);
			assertThat(playlist).contains("INDEPENDENT=YES");
			Instant dated = Instant.parse(playlist.lines()
				.filter((line) -> line.startsWith("#EXT-X-PROGRAM-DATE-TIME:"))
				.findFirst()
				.orElseThrow()
				.substring("#EXT-X-PROGRAM-DATE-TIME:".length()));
			assertThat(dated).as("dated when its keyframe arrived, before live was asked for")
				.isBefore(wall)
				.isAfter(wall.minusMillis(1500));
		}
	}

	@Test
	void shouldReportRecordingFailedAndCarryOnLiveWhenChunksCannotBeWritten() throws Exception {
		StorageLayout layout = new StorageLayout(this.storage);
		String id = UUID.randomUUID().toString();
		// A file where the camera's recordings folder should be: nothing can be created.
		Files.createDirectories(layout.recordingsRoot());
		Files.writeString(layout.recordingsFolder(id), "in the way");
		try (Recording running = Recording.start(layout, id, this.camera.url(2), true)) {
			running.awaitSegments(3);
			assertThat(running.failures).isNotEmpty();
			assertThat(running.failures.get(0)).contains("cannot create the recording file").contains("tried again");
			Files.delete(layout.recordingsFolder(id));
			running.awaitOpened();
		}
	}

	@Test
	void shouldReportAFullDiskKeepLiveGoingAndResumeOnceThereIsSpace() throws Exception {
		StorageLayout layout = new StorageLayout(this.storage);
		String id = UUID.randomUUID().toString();
		Path full = Files.createDirectories(layout.recordingsFolder(id));
		Assumptions.assumeTrue(mount(full, "size=512k"), "mounting a tmpfs needs root");
		try (Recording running = Recording.start(layout, id, this.camera.url(2), true)) {
			running.awaitFailure();
			assertThat(running.failures.get(0)).contains("No space left on device").contains("free space");
			// What was written before the disk filled is a chunk that plays, cut after
			// its last complete fragment.
			List<RecordedChunk> written = running.closed.stream().filter(RecordedChunk::complete).toList();
			assertThat(written).isNotEmpty();
			for (RecordedChunk chunk : written) {
				Path file = this.storage.resolve(chunk.path());
				assertThat(Files.size(file)).isEqualTo(chunk.bytes());
				assertThat(Mp4Index.read(file).playable()).isTrue();
			}
			// The chunk the disk filled up in: cut after its last complete fragment, or
			// removed when it had none; never left half-written.
			RecordedChunk failed = running.closed.get(running.closed.size() - 1);
			Path failedFile = this.storage.resolve(failed.path());
			if (failed.complete()) {
				assertThat(Mp4Index.read(failedFile).completeBytes()).isEqualTo(Files.size(failedFile));
			}
			else {
				assertThat(failedFile).doesNotExist();
			}
			// Live view goes on meanwhile.
			int segments = running.segments.get();
			running.awaitSegments(segments + 2);
			int opened = running.opened.size();
			assertThat(mount(full, "remount,size=64m")).isTrue();
			running.awaitOpened(opened);
		}
		finally {
			new ProcessBuilder("umount", "-l", full.toString()).inheritIO().start().waitFor();
		}
	}

	/** {@code mount -t tmpfs -o <options> tmpfs <folder>}: whether it worked. */
	private static boolean mount(Path folder, String options) throws Exception {
		try {
			Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", folder.toString())
				.redirectErrorStream(true)
				.start();
			return mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

	private static void awaitPlaylistEnded(Path live) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!Files.exists(live.resolve("index.m3u8"))
				|| !Files.readString(live.resolve("index.m3u8")).contains("#EXT-X-ENDLIST")) {
			assertThat(System.nanoTime()).as("the playlist ends").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static List<RecordedChunk> running(StorageLayout layout, String id) throws Exception {
		return Recording.last.closed.stream().filter(RecordedChunk::complete).toList();
	}

	/** A run that records (and, if asked, writes live HLS), as a pipeline runs it. */
	static final class Recording implements MediaEngine.Session, AutoCloseable {

		static Recording last;

		final AtomicBoolean stop = new AtomicBoolean();

		final AtomicBoolean live = new AtomicBoolean();

		final AtomicInteger segments = new AtomicInteger();

		/** Connections that delivered packets. */
		final AtomicInteger opens = new AtomicInteger();

		private volatile boolean connected;

		final List<RecordedChunk> opened = new CopyOnWriteArrayList<>();

		final List<RecordedChunk> closed = new CopyOnWriteArrayList<>();

		final List<String> failures = new CopyOnWriteArrayList<>();

		final CompletableFuture<MediaFailure> result = new CompletableFuture<>();

		/** Thrown before every write, once set: another worker owns the camera. */
		volatile MediaFailure fence;

		static Recording start(StorageLayout layout, String cameraId, String url, boolean live) {
			Recording running = new Recording();
			running.live.set(live);
			last = running;
			MediaEngine.Outputs outputs = new MediaEngine.Outputs(layout.liveFolder(cameraId),
					new RecordingFolder(layout, cameraId), Clock.systemUTC());
			Thread thread = new Thread(() -> {
				try {
					for (int attempt = 1;; attempt++) {
						try {
							engine.run(source(url), outputs, running);
							running.result.complete(null);
							return;
						}
						catch (MediaFailure failure) {
							// The shared test camera may refuse a connection while
							// another test's is still going: retried as a pipeline
							// would, but only before anything was received.
							if (running.opens.get() > 0 || attempt == 3 || failure.permanent()) {
								throw failure;
							}
							Thread.sleep(1000);
						}
					}
				}
				catch (MediaFailure failure) {
					running.result.complete(failure);
				}
				catch (InterruptedException | RuntimeException ex) {
					running.result.completeExceptionally(ex);
				}
			});
			thread.start();
			return running;
		}

		RecordedChunk awaitOpened() throws Exception {
			return awaitOpened(this.opened.size());
		}

		RecordedChunk awaitOpened(int before) throws Exception {
			await(() -> this.opened.size() > before, "a chunk opens");
			return this.opened.get(this.opened.size() - 1);
		}

		void awaitFailure() throws Exception {
			await(() -> !this.failures.isEmpty(), "recording fails");
		}

		void awaitClosed(int count) throws Exception {
			await(() -> this.closed.size() >= count, count + " chunks closed");
		}

		void awaitSegments(int count) throws Exception {
			await(() -> this.segments.get() >= count, count + " live segments");
		}

		private void await(java.util.function.BooleanSupplier condition, String what) throws Exception {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!condition.getAsBoolean()) {
				if (this.result.isDone()) {
					throw new AssertionError("the run ended: " + this.result.get());
				}
				assertThat(System.nanoTime()).as(what + " within 30 s").isLessThan(deadline);
				Thread.sleep(50);
			}
		}

		@Override
		public boolean stopRequested() {
			return this.stop.get();
		}

		@Override
		public boolean liveWanted() {
			return this.live.get();
		}

		@Override
		public void confirmOwner() throws MediaFailure {
			MediaFailure fenced = this.fence;
			if (fenced != null) {
				throw fenced;
			}
		}

		@Override
		public boolean recordingWanted() {
			return true;
		}

		@Override
		public void segmentWritten(Instant at) {
			this.segments.incrementAndGet();
		}

		@Override
		public void received(long bytes) {
			if (!this.connected) {
				this.connected = true;
				this.opens.incrementAndGet();
			}
		}

		@Override
		public void chunkOpened(RecordedChunk chunk) {
			this.opened.add(chunk);
		}

		@Override
		public void chunkClosed(RecordedChunk chunk) {
			this.closed.add(chunk);
		}

		@Override
		public void recordingFailed(String reason) {
			this.failures.add(reason);
		}

		@Override
		public void close() throws Exception {
			this.stop.set(true);
			assertThat(this.result.get(20, TimeUnit.SECONDS)).as("a run asked to stop ends without failure").isNull();
		}

	}

}
