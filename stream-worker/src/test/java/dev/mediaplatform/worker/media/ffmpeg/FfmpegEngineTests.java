package dev.mediaplatform.worker.media.ffmpeg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.mediaplatform.addresses.AddressPolicy;
import dev.mediaplatform.localstack.PortGuard;
import dev.mediaplatform.localstack.RtspTestCamera;
import dev.mediaplatform.worker.media.AddressCheck;
import dev.mediaplatform.worker.media.HlsFolder;
import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import org.bytedeco.ffmpeg.ffprobe;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The media side without Kafka: real RTSP cameras (GStreamer's RTSP server), FFmpeg's
 * libraries in this JVM, and the files a player would fetch, checked with ffprobe.
 */
class FfmpegEngineTests {

	/** The test cameras listen on loopback, which only an operator can allow. */
	static final FfmpegEngine engine = new FfmpegEngine(new FfmpegEngine.Settings(Duration.ofSeconds(10),
			Duration.ofSeconds(5), Duration.ofSeconds(3), 1, 6, 2_000_000, 4, 0.2),
			AddressCheck.system(AddressPolicy.of(List.of("127.0.0.0/8"), List.of())));

	static RtspTestCamera h264;

	@TempDir
	Path storage;

	@BeforeAll
	static void cameras() {
		h264 = RtspTestCamera.start(RtspTestCamera.Options.defaults().withMounts(2));
	}

	@AfterAll
	static void stopCameras() {
		h264.close();
	}

	@Test
	void shouldWriteLiveHlsThatDecodes() throws Exception {
		Path folder = this.storage.resolve("live/a");
		try (Running running = Running.start(source(h264.url(1)), folder)) {
			running.awaitSegments(3);
			String playlist = Files.readString(folder.resolve("index.m3u8"));
			assertThat(playlist).startsWith("#EXTM3U").contains("#EXT-X-TARGETDURATION:1").doesNotContain("ENDLIST");
			List<String> segments = segments(playlist);
			assertThat(segments).isNotEmpty().allMatch((name) -> name.matches("[a-z0-9]+-[0-9]+\\.m4s"));
			String last = segments.get(segments.size() - 1);
			assertThat(probe(fmp4(folder, HlsFolder.initSegmentOf(last), last)))
				.contains("codec_name=h264", "width=1280", "height=720")
				.containsPattern("nb_read_frames=(2[0-9]|3[0-9])");
		}
		assertThat(Files.list(folder).filter((f) -> f.toString().endsWith(".tmp"))).isEmpty();
	}

	@Test
	void shouldWriteLowLatencyPartsAsTheSpecAsks() throws Exception {
		Path folder = this.storage.resolve("live/ll");
		try (Running running = Running.start(source(h264.url(1)), folder)) {
			running.awaitSegments(3);
			String playlist = Files.readString(folder.resolve("index.m3u8"));
			double partTarget = attribute(playlist, "#EXT-X-PART-INF:PART-TARGET=");
			assertThat(partTarget).isEqualTo(0.2);
			assertThat(playlist).contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600\n")
				.contains("#EXT-X-INDEPENDENT-SEGMENTS")
				.containsPattern("#EXT-X-PROGRAM-DATE-TIME:20[0-9]{2}-")
				.containsPattern("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"[a-z0-9]+-[0-9]+-[0-9]+\\.m4s\"\n$");
			assertThat(playlistVersion(playlist)).isGreaterThanOrEqualTo(9);
			java.util.regex.Matcher parts = java.util.regex.Pattern
				.compile("#EXT-X-PART:DURATION=([0-9.]+),URI=\"([^\"]+)\"(,INDEPENDENT=YES)?")
				.matcher(playlist);
			int count = 0;
			while (parts.find()) {
				count++;
				assertThat(Double.parseDouble(parts.group(1))).as(parts.group())
					.isPositive()
					.isLessThanOrEqualTo(partTarget);
				assertThat(folder.resolve(parts.group(2))).as("a listed part is there, whole").isRegularFile();
				boolean first = parts.group(2).endsWith("-0.m4s");
				assertThat(parts.group(3) != null)
					.as("the first part of a segment starts with its keyframe: %s", parts.group())
					.isEqualTo(first);
			}
			assertThat(count).as("parts of the newest segments").isGreaterThanOrEqualTo(8);
			// A segment is its parts joined, and the first part decodes on its own.
			List<String> segments = segments(playlist);
			String segment = segments.get(segments.size() - 1);
			String init = HlsFolder.initSegmentOf(segment);
			String stem = segment.substring(0, segment.indexOf('.'));
			java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
			for (int k = 0; Files.exists(folder.resolve(stem + "-" + k + ".m4s")); k++) {
				joined.write(Files.readAllBytes(folder.resolve(stem + "-" + k + ".m4s")));
			}
			assertThat(joined.toByteArray()).isEqualTo(Files.readAllBytes(folder.resolve(segment)));
			assertThat(probe(fmp4(folder, init, stem + "-0.m4s"))).contains("codec_name=h264", "width=1280")
				.containsPattern("nb_read_frames=[4-5]\n");
			assertThat(probe(fmp4(folder, init, segment))).containsPattern("nb_read_frames=(2[0-9]|3[0-9])");
		}
	}

	static double attribute(String playlist, String prefix) {
		return playlist.lines()
			.filter((line) -> line.startsWith(prefix))
			.mapToDouble((line) -> Double.parseDouble(line.substring(prefix.length())))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void shouldKeepSegmentsAPlaylistLongAfterTheyLeaveThePlaylist() throws Exception {
		Path folder = this.storage.resolve("live/kept");
		try (Running running = Running.start(source(h264.url(2)), folder)) {
			running.awaitSegments(6 + 4);
			String playlist = Files.readString(folder.resolve("index.m3u8"));
			List<String> listed = segments(playlist);
			int first = sequence(listed.get(0));
			String run = listed.get(0).substring(0, listed.get(0).lastIndexOf('-'));
			for (int gone = Math.max(0, first - 6); gone < first; gone++) {
				assertThat(folder.resolve(run + "-" + gone + ".m4s"))
					.as("segment %d left the playlist (first now %d) but a player may still fetch it", gone, first)
					.exists();
			}
			assertThat(first).as("segments have left the playlist").isGreaterThanOrEqualTo(3);
			try (var files = Files.list(folder)) {
				assertThat(
						files.filter((file) -> file.getFileName().toString().matches("[a-z0-9]+-[0-9]+\\.m4s")).count())
					.as("older segments are still deleted")
					.isLessThanOrEqualTo(6 + 6 + 2);
			}
		}
	}

	@Test
	void shouldPassH265ThroughInFragmentedMp4AsApplePlayersNeed() throws Exception {
		Path folder = this.storage.resolve("live/b");
		try (RtspTestCamera h265 = RtspTestCamera
			.start(RtspTestCamera.Options.defaults().withCodec(RtspTestCamera.Codec.H265));
				Running running = Running.start(source(h265.url(1)), folder)) {
			running.awaitSegments(2);
			String playlist = Files.readString(folder.resolve("index.m3u8"));
			List<String> segments = segments(playlist);
			assertThat(segments).allMatch((name) -> name.matches("[a-z0-9]+-[0-9]+\\.m4s"));
			String init = HlsFolder.initSegmentOf(segments.get(0));
			assertThat(playlist).containsOnlyOnce("#EXT-X-MAP:URI=\"" + init + "\"");
			assertThat(playlistVersion(playlist)).isGreaterThanOrEqualTo(6);
			assertThat(probe(fmp4(folder, init, segments.get(0)), "-count_frames", "-select_streams", "v:0",
					"-show_entries", "stream=codec_name,codec_tag_string,width,nb_read_frames"))
				.contains("codec_name=hevc", "codec_tag_string=hvc1", "width=1280")
				.containsPattern("nb_read_frames=[1-9][0-9]");
		}
	}

	@Test
	void shouldGiveEachH265RunItsOwnInitializationSegment() throws Exception {
		Path folder = this.storage.resolve("live/hevc-again");
		try (RtspTestCamera h265 = RtspTestCamera
			.start(RtspTestCamera.Options.defaults().withCodec(RtspTestCamera.Codec.H265))) {
			Running first = Running.start(source(h265.url(1)), folder);
			first.awaitSegments(2);
			h265.stop();
			assertThat(first.failure()).isNotNull();
			h265.restart();
			try (Running second = Running.start(source(h265.url(1)), folder)) {
				second.awaitSegments(2);
			}
		}
		String playlist = Files.readString(folder.resolve("index.m3u8"));
		List<String> segments = segments(playlist);
		String firstInit = HlsFolder.initSegmentOf(segments.get(0));
		String lastInit = HlsFolder.initSegmentOf(segments.get(segments.size() - 1));
		assertThat(firstInit).isNotEqualTo(lastInit);
		// Each run's map comes before its first segment, the second after the
		// discontinuity.
		assertThat(playlist)
			.containsPattern("#EXT-X-MAP:URI=\"" + firstInit + "\"\n#EXT-X-PROGRAM-DATE-TIME:[^\n]+\n#EXTINF:[0-9.]+,\n"
					+ segments.get(0) + "\n")
			.containsPattern("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"" + lastInit + "\"\n#EXT-X-PROGRAM-DATE-TIME");
		for (String segment : List.of(segments.get(0), segments.get(segments.size() - 1))) {
			assertThat(probe(fmp4(folder, HlsFolder.initSegmentOf(segment), segment))).contains("codec_name=hevc");
		}
	}

	@Test
	void shouldContinueThePlaylistWithItsOwnMapWhenACameraSwitchesFromH264ToH265() throws Exception {
		Path folder = this.storage.resolve("live/switch");
		try (Running first = Running.start(source(h264.url(2)), folder)) {
			first.awaitSegments(2);
		}
		try (RtspTestCamera h265 = RtspTestCamera
			.start(RtspTestCamera.Options.defaults().withCodec(RtspTestCamera.Codec.H265));
				Running running = Running.start(source(h265.url(1)), folder)) {
			running.awaitSegments(2);
		}
		String playlist = Files.readString(folder.resolve("index.m3u8"));
		List<String> segments = segments(playlist);
		assertThat(segments).isNotEmpty().allMatch((name) -> name.endsWith(".m4s"));
		String lastInit = HlsFolder.initSegmentOf(segments.get(segments.size() - 1));
		assertThat(playlist).contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"" + lastInit + "\"");
		String last = segments.get(segments.size() - 1);
		assertThat(probe(fmp4(folder, lastInit, last))).contains("codec_name=hevc");
		assertThat(probe(fmp4(folder, HlsFolder.initSegmentOf(segments.get(0)), segments.get(0))))
			.contains("codec_name=h264");
	}

	@Test
	void shouldCopyAacAudioWithTheVideo() throws Exception {
		Path folder = this.storage.resolve("live/audio");
		try (RtspTestCamera withAudio = RtspTestCamera.start(RtspTestCamera.Options.defaults().withAudio());
				Running running = Running.start(source(withAudio.url(1)), folder)) {
			running.awaitSegments(2);
			List<String> segments = segments(Files.readString(folder.resolve("index.m3u8")));
			String last = segments.get(segments.size() - 1);
			Path segment = fmp4(folder, HlsFolder.initSegmentOf(last), last);
			assertThat(probe(segment, "-show_entries", "stream=codec_type,codec_name")).contains("codec_name=h264")
				.contains("codec_name=aac", "codec_type=audio");
		}
	}

	@Test
	void shouldCopyAacAudioIntoFragmentedMp4WithH265() throws Exception {
		Path folder = this.storage.resolve("live/hevc-audio");
		try (RtspTestCamera camera = RtspTestCamera
			.start(RtspTestCamera.Options.defaults().withCodec(RtspTestCamera.Codec.H265).withAudio());
				Running running = Running.start(source(camera.url(1)), folder)) {
			running.awaitSegments(2);
			List<String> segments = segments(Files.readString(folder.resolve("index.m3u8")));
			String segment = segments.get(segments.size() - 1);
			assertThat(probe(fmp4(folder, HlsFolder.initSegmentOf(segment), segment), "-show_entries",
					"stream=codec_type,codec_name"))
				.contains("codec_name=hevc", "codec_name=aac", "codec_type=audio");
		}
	}

	@Test
	void shouldTranscodeVideoThatCannotBeCopiedToH264() throws Exception {
		Path folder = this.storage.resolve("live/mjpeg");
		try (RtspTestCamera mjpeg = RtspTestCamera
			.start(RtspTestCamera.Options.defaults().withCodec(RtspTestCamera.Codec.MJPEG));
				Running running = Running.start(source(mjpeg.url(1)), folder)) {
			running.awaitSegments(2);
			String playlist = Files.readString(folder.resolve("index.m3u8"));
			List<String> segments = segments(playlist);
			String last = segments.get(segments.size() - 1);
			assertThat(probe(fmp4(folder, HlsFolder.initSegmentOf(last), last)))
				.contains("codec_name=h264", "width=1280", "height=720")
				.containsPattern("nb_read_frames=[1-9][0-9]");
			// Keyframes every second from the encoder: segments of about one second.
			assertThat(playlist).contains("#EXT-X-TARGETDURATION:1");
		}
	}

	@Test
	void shouldContinueThePlaylistWithADiscontinuityAfterTheCameraComesBack() throws Exception {
		RtspTestCamera camera = RtspTestCamera.start(RtspTestCamera.Options.defaults());
		Path folder = this.storage.resolve("live/c");
		Running first = Running.start(source(camera.url(1)), folder);
		first.awaitSegments(2);
		camera.stop();
		assertThat(first.failure()).isNotNull();
		assertThat(first.failure().permanent()).isFalse();
		List<String> before = segments(Files.readString(folder.resolve("index.m3u8")));

		camera.restart();
		try (Running second = Running.start(source(camera.url(1)), folder)) {
			second.awaitSegments(2);
			String playlist = Files.readString(folder.resolve("index.m3u8"));
			assertThat(playlist).contains("#EXT-X-DISCONTINUITY").contains(before.get(before.size() - 1));
			List<String> after = segments(playlist);
			assertThat(sequence(after.get(after.size() - 1))).isGreaterThan(sequence(before.get(before.size() - 1)));
		}
		finally {
			camera.stop();
		}
	}

	@Test
	void shouldReconnectAStalledCameraThroughTheWatchdog() throws Exception {
		RtspTestCamera camera = RtspTestCamera.start(RtspTestCamera.Options.defaults());
		Path folder = this.storage.resolve("live/d");
		try {
			Running running = Running.start(source(camera.url(1)), folder);
			running.awaitSegments(1);
			// The camera keeps its connection open and sends nothing.
			camera.pause();
			MediaFailure failure = running.failure();
			assertThat(failure.getMessage()).contains("sent nothing");
			assertThat(failure.permanent()).isFalse();
		}
		finally {
			camera.resume();
			camera.stop();
		}
	}

	@Test
	void shouldFailPermanentlyWhenTheCameraRefusesTheCredentials() throws Exception {
		try (RtspTestCamera locked = RtspTestCamera
			.start(RtspTestCamera.Options.defaults().withCredentials("admin", "s3cret!"))) {
			MediaFailure failure = failureOf(source(locked.url(1)));
			assertThat(failure.permanent()).isTrue();
			assertThat(failure.getMessage()).contains("refused the credentials");

			failure = failureOf(LiveSource.of("cam", locked.url(1), "admin:wrong", "tcp"));
			assertThat(failure.permanent()).isTrue();

			Path folder = this.storage.resolve("live/e");
			try (Running running = Running.start(LiveSource.of("cam", locked.url(1), "admin:s3cret%21", "tcp"),
					folder)) {
				running.awaitSegments(1);
			}
		}
	}

	@Test
	void shouldRetryWhenNothingListens() throws Exception {
		MediaFailure failure = failureOf(source("rtsp://127.0.0.1:" + PortGuard.freePort() + "/cam1"));
		assertThat(failure.permanent()).isFalse();
		// Users read this reason: it names no socket error, which would tell a closed
		// port from an open one (AddressCheckEngineTests).
		assertThat(failure.getMessage()).isEqualTo(MediaFailure.unreachable().getMessage());
	}

	@Test
	void shouldNotOpenLocalFilesEvenIfAnAddressGetsPastTheChecks() throws Exception {
		Path secret = this.storage.resolve("secret.mp4");
		Files.copy(firstSegmentOf(h264), secret);
		for (String url : List.of("file:" + secret, secret.toString(), "concat:" + secret + "|" + secret,
				"subfile:,start,0,end,0,:" + secret, "pipe:0", "data:video/mp2t;base64,AAAA",
				"rtsp://127.0.0.1:1/x?file:" + secret)) {
			// The canonical constructor skips LiveSource.of's checks, as a bug might.
			MediaFailure failure = failureOf(new LiveSource("cam", url, LiveSource.Transport.TCP));
			assertThat(failure).as(url).isNotNull();
		}
		assertThat(Files.exists(this.storage.resolve("live/x/index.m3u8"))).isFalse();
	}

	@Test
	void shouldRefuseNonCameraAddressesBeforeOpeningThem() {
		for (String url : List.of("file:///etc/passwd", "concat:rtsp://a/b", "http://camera/stream", "rtsp:///nohost",
				"rtsp://camera/a b", "rtsp://user:pw@camera/")) {
			assertThatExceptionOfType(MediaFailure.class).as(url)
				.isThrownBy(() -> LiveSource.of("cam", url, null, "tcp"))
				.matches(MediaFailure::permanent);
		}
	}

	@Test
	void shouldReleaseNativeResourcesAcrossManyRuns() throws Exception {
		// Warm up, then many runs that connect, copy a few packets and stop, and many
		// that fail to connect.
		runBriefly(10);
		long before = residentKilobytes();
		runBriefly(60);
		String refused = "rtsp://127.0.0.1:" + PortGuard.freePort() + "/cam1";
		// Each refusal is logged once, as it should be for a camera; two thousand of them
		// are not worth a build log's reader.
		Logger inputLog = (Logger) LoggerFactory.getLogger(RtspInput.class);
		Level level = inputLog.getLevel();
		inputLog.setLevel(Level.WARN);
		try {
			for (int i = 0; i < 2000; i++) {
				failureOf(source(refused));
			}
		}
		finally {
			inputLog.setLevel(level);
		}
		long grown = residentKilobytes() - before;
		assertThat(grown).as("resident memory growth after 2060 runs, kB").isLessThan(40_000);
	}

	private void runBriefly(int times) throws Exception {
		for (int i = 0; i < times; i++) {
			AtomicInteger packets = new AtomicInteger();
			engine.run(source(h264.url(2)), live(this.storage.resolve("live/leak")), new MediaEngine.Session() {
				@Override
				public boolean liveWanted() {
					return true;
				}

				@Override
				public boolean recordingWanted() {
					return false;
				}

				@Override
				public boolean stopRequested() {
					return packets.get() > 5;
				}

				@Override
				public void segmentWritten(Instant at) {
				}

				@Override
				public void received(long bytes) {
					packets.incrementAndGet();
				}
			});
		}
	}

	private static long residentKilobytes() throws IOException {
		System.gc();
		return Files.readAllLines(Path.of("/proc/self/status"))
			.stream()
			.filter((line) -> line.startsWith("VmRSS:"))
			.mapToLong((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")))
			.findFirst()
			.orElseThrow();
	}

	private Path firstSegmentOf(RtspTestCamera camera) throws Exception {
		Path folder = this.storage.resolve("live/" + UUID.randomUUID());
		try (Running running = Running.start(source(camera.url(2)), folder)) {
			running.awaitSegments(1);
			String first = segments(Files.readString(folder.resolve("index.m3u8"))).get(0);
			return fmp4(folder, HlsFolder.initSegmentOf(first), first);
		}
	}

	private MediaFailure failureOf(LiveSource source) {
		try {
			engine.run(source, live(this.storage.resolve("live/x")), new Running(source));
			return null;
		}
		catch (MediaFailure failure) {
			return failure;
		}
	}

	/** Live HLS only, into {@code folder}. */
	static MediaEngine.Outputs live(Path folder) {
		return new MediaEngine.Outputs(folder, null, java.time.Clock.systemUTC());
	}

	static LiveSource source(String url) throws MediaFailure {
		return LiveSource.of("cam", url, null, "tcp");
	}

	static List<String> segments(String playlist) {
		return playlist.lines().filter((line) -> !line.startsWith("#") && !line.isBlank()).toList();
	}

	static int sequence(String segment) {
		return Integer.parseInt(segment.substring(segment.lastIndexOf('-') + 1, segment.indexOf('.')));
	}

	/** An fMP4 segment as a player reads it: its initialization segment, then it. */
	static Path fmp4(Path folder, String init, String segment) throws IOException {
		Path whole = Files.createTempFile(folder.getParent(), "fmp4-", ".mp4");
		Files.write(whole, Files.readAllBytes(folder.resolve(init)));
		Files.write(whole, Files.readAllBytes(folder.resolve(segment)), java.nio.file.StandardOpenOption.APPEND);
		return whole;
	}

	static int playlistVersion(String playlist) {
		return playlist.lines()
			.filter((line) -> line.startsWith("#EXT-X-VERSION:"))
			.mapToInt((line) -> Integer.parseInt(line.substring("#EXT-X-VERSION:".length())))
			.findFirst()
			.orElse(1);
	}

	/**
	 * What ffprobe makes of a file when it decodes it: stream fields and frames decoded.
	 */
	static String probe(Path file) throws Exception {
		return probe(file, "-count_frames", "-select_streams", "v:0", "-show_entries",
				"stream=codec_name,width,height,nb_read_frames");
	}

	static String probe(Path file, String... arguments) throws Exception {
		List<String> command = new java.util.ArrayList<>(List.of(Loader.load(ffprobe.class), "-v", "error"));
		command.addAll(List.of(arguments));
		command.addAll(List.of("-of", "default=noprint_wrappers=1", file.toString()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	/** One engine run on its own thread, as a pipeline runs it. */
	static final class Running implements MediaEngine.Session, AutoCloseable {

		final AtomicBoolean stop = new AtomicBoolean();

		final AtomicInteger segments = new AtomicInteger();

		final CountDownLatch ended = new CountDownLatch(1);

		final CompletableFuture<MediaFailure> result = new CompletableFuture<>();

		final LiveSource source;

		Running(LiveSource source) {
			this.source = source;
		}

		static Running start(LiveSource source, Path folder) {
			Running running = new Running(source);
			Thread thread = new Thread(() -> {
				try {
					engine.run(source, live(folder), running);
					running.result.complete(null);
				}
				catch (MediaFailure failure) {
					running.result.complete(failure);
				}
				catch (RuntimeException ex) {
					running.result.completeExceptionally(ex);
				}
			});
			thread.start();
			return running;
		}

		void awaitSegments(int count) throws Exception {
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (this.segments.get() < count) {
				if (this.result.isDone()) {
					throw new AssertionError("the run ended: " + this.result.get().getMessage());
				}
				assertThat(System.nanoTime()).as("%d segments within 20 s", count).isLessThan(deadline);
				Thread.sleep(50);
			}
		}

		MediaFailure failure() throws Exception {
			return this.result.get(20, TimeUnit.SECONDS);
		}

		@Override
		public boolean stopRequested() {
			return this.stop.get();
		}

		@Override
		public boolean liveWanted() {
			return true;
		}

		@Override
		public boolean recordingWanted() {
			return false;
		}

		@Override
		public void segmentWritten(Instant at) {
			this.segments.incrementAndGet();
		}

		@Override
		public void received(long bytes) {
		}

		@Override
		public void close() throws Exception {
			this.stop.set(true);
			assertThat(this.result.get(20, TimeUnit.SECONDS)).as("a run asked to stop ends without failure").isNull();
		}

	}

}
