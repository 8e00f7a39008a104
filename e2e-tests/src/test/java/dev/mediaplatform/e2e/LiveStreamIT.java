package dev.mediaplatform.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mediaplatform.localstack.StatusWatch;
import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.PortGuard;
import dev.mediaplatform.localstack.RtspTestCamera;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bytedeco.ffmpeg.ffprobe;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live streaming end to end, as users see it: a real RTSP camera (GStreamer's server),
 * the whole platform, the original REST API and Socket.IO through the gateway, and the
 * HLS a player fetches, decoded by ffprobe.
 */
class LiveStreamIT {

	static final Duration LIVE = Duration.ofSeconds(60);

	static final HttpClient http = HttpClient.newHttpClient();

	static final ApiClient gateway = SharedPlatform.gateway();

	static RtspTestCamera camera;

	static Path downloads;

	@BeforeAll
	static void startCamera() throws Exception {
		camera = RtspTestCamera.start(RtspTestCamera.Options.defaults().withMounts(3));
		downloads = Files.createDirectories(Path.of("target/live-stream-it"));
	}

	@AfterAll
	static void stopCamera() {
		camera.close();
	}

	static String addCamera(TestUser user, String url) {
		Response added = gateway.post("/addCamera", Map.of("name", "Live", "rtspUrl", url), user.auth());
		assertThat(added.status()).as(added.body()).isEqualTo(200);
		return added.json().path("id").asString();
	}

	static String startStream(TestUser user, String cameraId) {
		Response started = gateway.post("/startStream", Map.of("cameraId", cameraId), user.auth());
		assertThat(started.status()).as(started.body()).isEqualTo(200);
		assertThat(started.json().path("success").asBoolean()).isTrue();
		return started.json().path("streamUrl").asString();
	}

	static HttpResponse<byte[]> fetch(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	static String text(HttpResponse<byte[]> response) {
		return new String(response.body(), StandardCharsets.UTF_8);
	}

	static List<String> segments(String playlist) {
		return playlist.lines().filter((line) -> !line.startsWith("#") && !line.isBlank()).toList();
	}

	/** An fMP4 segment as a player reads it: its initialization segment, then it. */
	static byte[] concat(byte[] init, byte[] segment) {
		byte[] whole = new byte[init.length + segment.length];
		System.arraycopy(init, 0, whole, 0, init.length);
		System.arraycopy(segment, 0, whole, init.length, segment.length);
		return whole;
	}

	/** ffprobe's view of a file it decoded: codec, size and frames. */
	static String probe(byte[] segment) throws Exception {
		Path file = Files.write(downloads.resolve(UUID.randomUUID() + ".mp4"), segment);
		Process process = new ProcessBuilder(Loader.load(ffprobe.class), "-v", "error", "-count_frames",
				"-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of",
				"default=noprint_wrappers=1", file.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	/** The playlist's folder in a stream URL: segment names resolve against it. */
	static String folderOf(String streamUrl) {
		return streamUrl.substring(0, streamUrl.lastIndexOf('/') + 1);
	}

	@Test
	void shouldStreamLiveToThoseWhoMayWatchAndStopCleanly() throws Exception {
		TestUser alice = TestUser.register(gateway, "live");
		TestUser bob = TestUser.register(gateway, "live");
		String id = addCamera(alice, camera.url(1));
		String bobsCamera = addCamera(bob, camera.url(2));
		try (StatusWatch aliceWatch = StatusWatch.start(gateway, alice.token(), "websocket", SocketIoIT.clients)) {
			String streamUrl = startStream(alice, id);
			assertThat(streamUrl).startsWith("/streams/" + id + "/").endsWith("/index.m3u8");
			aliceWatch.awaitStatus(id, "STARTING", LIVE);
			aliceWatch.awaitStatus(id, "LIVE", LIVE);

			// The signed URL plays without any header (Safari, VLC); hls.js may send the
			// token instead.
			HttpResponse<byte[]> playlist = fetch(streamUrl, "Origin", "https://player.example");
			assertThat(playlist.statusCode()).isEqualTo(200);
			assertThat(playlist.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/vnd.apple.mpegurl"));
			assertThat(playlist.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
			assertThat(text(playlist)).startsWith("#EXTM3U").contains("#EXTINF").doesNotContain("#EXT-X-ENDLIST");
			String segment = segments(text(playlist)).get(0);
			HttpResponse<byte[]> signedSegment = fetch(folderOf(streamUrl) + segment);
			assertThat(signedSegment.statusCode()).isEqualTo(200);
			assertThat(signedSegment.headers().firstValue("Content-Type")).hasValue("video/mp4");
			Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"").matcher(text(playlist));
			assertThat(map.find()).as(text(playlist)).isTrue();
			HttpResponse<byte[]> signedInit = fetch(folderOf(streamUrl) + map.group(1));
			assertThat(probe(concat(signedInit.body(), signedSegment.body())))
				.contains("codec_name=h264", "width=1280", "height=720")
				.containsPattern("nb_read_frames=[1-9][0-9]");
			assertThat(workerMetrics()).contains("worker_pipeline_segment_age_seconds{camera=\"" + id + "\"}")
				.contains("worker_pipeline_input_bytes_total{camera=\"" + id + "\"}")
				.containsPattern("worker_pipelines_live(\\{[^}]*\\})? [1-9]");
			HttpResponse<byte[]> withHeader = fetch("/streams/" + id + "/index.m3u8", alice.auth());
			assertThat(withHeader.statusCode()).isEqualTo(200);
			assertThat(fetch("/streams/" + id + "/" + segment, alice.auth()).statusCode()).isEqualTo(200);

			// Bob watches his own camera only: this one's playlist and segments do not
			// exist for him.
			assertThat(fetch("/streams/" + id + "/index.m3u8", bob.auth()).statusCode()).isEqualTo(404);
			assertThat(fetch("/streams/" + id + "/" + segment, bob.auth()).statusCode()).isEqualTo(404);
			assertThat(fetch("/streams/" + id + "/index.m3u8").statusCode()).isEqualTo(401);
			String bobsUrl = startStream(bob, bobsCamera);
			assertThat(fetch(folderOf(bobsUrl).replace(bobsCamera, id) + "index.m3u8").statusCode()).isEqualTo(404);

			int seen = aliceWatch.size();
			Response stopped = gateway.post("/stopStream", Map.of("cameraId", id), alice.auth());
			assertThat(stopped.json().path("success").asBoolean()).isTrue();
			aliceWatch.awaitAfter(seen, "STOPPED", (event) -> event.path("cameraId").asString().equals(id)
					&& event.path("status").asString().equals("STOPPED"), LIVE);
			assertThat(text(fetch(streamUrl))).endsWith("#EXT-X-ENDLIST\n");
			assertThat(workerMetrics()).doesNotContain("camera=\"" + id + "\"");
			gateway.post("/stopStream", Map.of("cameraId", bobsCamera), bob.auth());
		}
	}

	@Test
	void shouldGoLiveWhenADownCameraAppearsAndAgainAfterItIsKilled() throws Exception {
		TestUser alice = TestUser.register(gateway, "live");
		int port = PortGuard.freePort();
		String id = addCamera(alice, "rtsp://127.0.0.1:" + port + "/cam1");
		try (StatusWatch watch = StatusWatch.start(gateway, alice.token(), "websocket", SocketIoIT.clients)) {
			String streamUrl = startStream(alice, id);
			JsonAssertions.hasError(watch.awaitStatus(id, "RECONNECTING", LIVE));
			try (RtspTestCamera late = RtspTestCamera.start(RtspTestCamera.Options.defaults().withPort(port))) {
				watch.awaitStatus(id, "LIVE", LIVE);
				int seen = watch.size();
				late.stop();
				watch.awaitAfter(seen, "RECONNECTING after the camera went away",
						(event) -> event.path("cameraId").asString().equals(id)
								&& event.path("status").asString().equals("RECONNECTING"),
						LIVE);
				seen = watch.size();
				late.restart();
				watch.awaitAfter(seen, "LIVE after the camera came back",
						(event) -> event.path("cameraId").asString().equals(id)
								&& event.path("status").asString().equals("LIVE"),
						LIVE);
				String playlist = text(fetch(streamUrl));
				assertThat(playlist).contains("#EXT-X-DISCONTINUITY").doesNotContain("#EXT-X-ENDLIST");
			}
			finally {
				gateway.post("/stopStream", Map.of("cameraId", id), alice.auth());
			}
		}
	}

	@Test
	void shouldPassH265Through() throws Exception {
		TestUser alice = TestUser.register(gateway, "live");
		try (RtspTestCamera hevc = RtspTestCamera
			.start(RtspTestCamera.Options.defaults().withCodec(RtspTestCamera.Codec.H265));
				StatusWatch watch = StatusWatch.start(gateway, alice.token(), "websocket", SocketIoIT.clients)) {
			String id = addCamera(alice, hevc.url(1));
			String streamUrl = startStream(alice, id);
			watch.awaitStatus(id, "LIVE", LIVE);
			// Fragmented MP4, as Safari and iOS need for HEVC: an initialization segment,
			// then the media segments.
			String playlist = text(fetch(streamUrl));
			String segment = segments(playlist).get(0);
			assertThat(segment).endsWith(".m4s");
			Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"").matcher(playlist);
			assertThat(map.find()).as(playlist).isTrue();
			HttpResponse<byte[]> init = fetch(folderOf(streamUrl) + map.group(1));
			HttpResponse<byte[]> media = fetch(folderOf(streamUrl) + segment);
			assertThat(init.statusCode()).isEqualTo(200);
			assertThat(media.headers().firstValue("Content-Type")).hasValue("video/mp4");
			assertThat(probe(concat(init.body(), media.body()))).contains("codec_name=hevc", "width=1280");
			gateway.post("/stopStream", Map.of("cameraId", id), alice.auth());
		}
	}

	@Test
	void shouldRefuseAFileUrlSmuggledIntoTheCommandsTopic() {
		TestUser alice = TestUser.register(gateway, "live");
		String id = addCamera(alice, camera.url(3));
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				"127.0.0.1:" + SharedPlatform.get().settings().ports().kafka());
		try (StatusWatch watch = StatusWatch.start(gateway, alice.token(), "websocket", SocketIoIT.clients);
				KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
						new StringSerializer())) {
			String forged = ApiClient.json.writeValueAsString(Map.of("cameraId", id, "generation", 1_000_000,
					"sourceUrl", "file:///etc/passwd", "transport", "tcp", "streaming", true, "recording", false));
			producer.send(new ProducerRecord<>("camera.commands", id, forged));
			producer.flush();
			var failed = watch.awaitStatus(id, "FAILED", LIVE);
			assertThat(failed.path("camera").path("statusError").asString()).contains("rtsp://");
			assertThat(watch.states(id)).doesNotContain("LIVE");
		}
	}

	static String workerMetrics() throws Exception {
		int port = SharedPlatform.get().settings().ports().worker();
		return http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	static final class JsonAssertions {

		static void hasError(tools.jackson.databind.JsonNode status) {
			assertThat(status.path("camera").path("statusError").asString()).isNotBlank();
		}

	}

}
