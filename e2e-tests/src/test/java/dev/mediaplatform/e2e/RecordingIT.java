package dev.mediaplatform.e2e;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mediaplatform.localstack.StatusWatch;
import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.RtspTestCamera;
import org.bytedeco.ffmpeg.ffprobe;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recording end to end, through the gateway, from a real RTSP camera: chunks listed as
 * they close, downloaded by byte ranges, played back across a chunk border by hls.js in
 * Chromium, decoded by ffprobe, deleted by their owner, kept within a size quota, and
 * refused to everyone the camera is not shared with. The shared platform cuts chunks
 * every {@value #CHUNK_SECONDS} s.
 */
class RecordingIT {

	static final int CHUNK_SECONDS = SharedPlatform.RECORDING_CHUNK_SECONDS;

	static final Duration WAIT = Duration.ofSeconds(60);

	static final HttpClient http = HttpClient.newHttpClient();

	static final ApiClient gateway = SharedPlatform.gateway();

	static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([0-9]+)\\.mp4\",BYTERANGE=\"([0-9]+)@0\"");

	static final Pattern BYTERANGE = Pattern.compile("#EXT-X-BYTERANGE:([0-9]+)@([0-9]+)\n([0-9]+)\\.mp4");

	static RtspTestCamera camera;

	static final Path downloads = Path.of("target/recording-downloads");

	@BeforeAll
	static void startCamera() throws Exception {
		HlsPlaybackIT.installBrowser();
		camera = RtspTestCamera.start(RtspTestCamera.Options.defaults().withMounts(4));
	}

	@AfterAll
	static void stopCamera() {
		if (camera != null) {
			camera.close();
		}
	}

	@Test
	void shouldRecordListDownloadPlayBackAndStopRecording() throws Exception {
		TestUser alice = TestUser.register(gateway, "rec");
		TestUser viewer = TestUser.register(gateway, "rec");
		TestUser stranger = TestUser.register(gateway, "rec");
		String id = addCamera(alice, camera.url(1));
		share(alice, id, viewer, "viewer");
		try (StatusWatch watch = StatusWatch.start(gateway, alice.token(), "websocket", SocketIoIT.clients)) {
			// The original API switches recording on, without live view.
			Response recording = gateway.post("/recordStream", Map.of("cameraId", id, "enabled", true), alice.auth());
			assertThat(recording.json().path("success").asBoolean()).as(recording.body()).isTrue();
			assertThat(recording.json().path("recording").asBoolean()).isTrue();
			watch.await("recording ON", (event) -> id.equals(event.path("cameraId").asString())
					&& "ON".equals(event.path("recordingStatus").asString()), WAIT);

			List<JsonNode> chunks = awaitCompleteChunks(alice, id, 2);
			JsonNode first = chunks.get(0);
			JsonNode second = chunks.get(1);
			assertThat(first.path("codec").asString()).isEqualTo("h264");
			assertThat(first.path("durationMillis").asLong()).isBetween(CHUNK_SECONDS * 1000L - 200,
					CHUNK_SECONDS * 1000L + 1200);
			assertThat(Instant.parse(second.path("startedAt").asString()))
				.isEqualTo(Instant.parse(first.path("endedAt").asString()));

			// A chunk by byte ranges, as a player or a download manager fetches it.
			String chunkPath = recordings(id) + "/" + first.path("id").asString();
			HttpResponse<byte[]> range = fetch(chunkPath, alice.token(), "Range", "bytes=0-99");
			assertThat(range.statusCode()).isEqualTo(206);
			assertThat(range.body()).hasSize(100);
			assertThat(range.headers().firstValue("Content-Range"))
				.hasValue("bytes 0-99/" + first.path("bytes").asLong());
			assertThat(range.headers().firstValue("Accept-Ranges")).hasValue("bytes");
			HttpResponse<byte[]> whole = fetch(chunkPath, viewer.token());
			assertThat(whole.statusCode()).isEqualTo(200);
			assertThat(probe(whole.body())).contains("codec_name=h264").containsPattern("nb_read_frames=[1-9][0-9]+");

			// A picture of each chunk for a timeline: a signed URL, as an <img> needs.
			HttpResponse<byte[]> thumbnail = fetch(first.path("thumbnailUrl").asString(), null);
			assertThat(thumbnail.statusCode()).isEqualTo(200);
			assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");
			assertThat(probe(thumbnail.body(), "-show_entries", "stream=codec_name,width")).contains("codec_name=mjpeg",
					"width=320");
			assertThat(fetch(chunkPath + "/thumbnail.jpg", viewer.token()).statusCode()).isEqualTo(200);
			assertThat(fetch(chunkPath + "/thumbnail.jpg", stranger.token()).statusCode()).isEqualTo(404);

			// The two chunks as one VOD playlist addressing the files by byte ranges.
			String from = first.path("startedAt").asString();
			String to = second.path("endedAt").asString();
			String playlistPath = recordings(id) + "/playback.m3u8?from=" + encode(from) + "&to=" + encode(to);
			HttpResponse<byte[]> playlist = fetch(playlistPath, viewer.token());
			assertThat(playlist.statusCode()).as(text(playlist)).isEqualTo(200);
			String vod = text(playlist);
			assertThat(vod).startsWith("#EXTM3U")
				.contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST", "#EXT-X-DISCONTINUITY");
			Matcher maps = MAP.matcher(vod);
			assertThat(maps.results().map((m) -> m.group(1))).containsExactly(first.path("id").asString(),
					second.path("id").asString());
			// Segments a player fetches decode: the chunk's initialization, then a range.
			Matcher segment = BYTERANGE.matcher(vod);
			assertThat(segment.find()).as(vod).isTrue();
			Matcher map = MAP.matcher(vod);
			assertThat(map.find()).isTrue();
			byte[] init = bytes(fetch(recordings(id) + "/" + map.group(1) + ".mp4", alice.token(), "Range",
					"bytes=0-" + (Long.parseLong(map.group(2)) - 1)));
			long offset = Long.parseLong(segment.group(2));
			byte[] media = bytes(fetch(recordings(id) + "/" + segment.group(3) + ".mp4", alice.token(), "Range",
					"bytes=" + offset + "-" + (offset + Long.parseLong(segment.group(1)) - 1)));
			assertThat(probe(concat(init, media))).contains("codec_name=h264", "width=1280")
				.containsPattern("nb_read_frames=[1-9][0-9]*");

			// hls.js in Chromium plays it and seeks across the border between the chunks.
			double border = first.path("durationMillis").asLong() / 1000.0;
			JsonNode played = playRecording(gateway.baseUrl() + playlistPath, viewer.token(), border - 1.5);
			String seen = played.toString();
			assertThat(played.path("fatalError").isNull()).as(seen).isTrue();
			assertThat(played.path("playing").asBoolean()).as(seen).isTrue();
			assertThat(played.path("videoWidth").asInt()).as(seen).isEqualTo(1280);
			assertThat(played.path("duration").asDouble()).as(seen).isGreaterThan(border + 1);
			assertThat(played.path("seekedTo").asDouble()).as(seen).isGreaterThanOrEqualTo(border - 1.6);
			assertThat(played.path("seekedTo").asDouble() + played.path("advanced").asDouble()).as(seen)
				.isGreaterThan(border + 0.5);

			// A range across the border exported as one MP4, cut at keyframes, copied.
			Instant exportFrom = Instant.parse(from).plusMillis(1500);
			Instant exportTo = Instant.parse(second.path("startedAt").asString()).plusMillis(1500);
			String export = recordings(id) + "/export.mp4?from=" + encode(exportFrom.toString()) + "&to="
					+ encode(exportTo.toString());
			HttpResponse<byte[]> exported = fetch(export, viewer.token());
			assertThat(exported.statusCode()).as(text(exported)).isEqualTo(200);
			assertThat(exported.headers().firstValue("Content-Length"))
				.hasValue(Integer.toString(exported.body().length));
			assertThat(exported.headers().firstValue("Content-Disposition"))
				.hasValueSatisfying((disposition) -> assertThat(disposition).startsWith("attachment").contains(id));
			Instant exportStart = Instant.parse(exported.headers().firstValue("X-Recording-Start").orElseThrow());
			assertThat(exportStart).isBeforeOrEqualTo(exportFrom).isAfterOrEqualTo(Instant.parse(from));
			String exportedProbe = probe(exported.body(), "-show_entries", "format=duration");
			double exportedSeconds = Double.parseDouble(exportedProbe.replaceAll("(?s).*duration=([0-9.]+).*", "$1"));
			assertThat(exportedSeconds).as(exportedProbe)
				.isGreaterThanOrEqualTo(Duration.between(exportFrom, exportTo).toMillis() / 1000.0 - 0.5)
				.isLessThan(Duration.between(exportStart, exportTo).toMillis() / 1000.0 + 3);
			assertThat(probe(exported.body())).contains("codec_name=h264")
				.containsPattern("nb_read_frames=[1-9][0-9]+");
			assertThat(fetch(export, stranger.token()).statusCode()).isEqualTo(404);
			assertThat(
					fetch(recordings(id) + "/export.mp4?from=yesterday&to=" + encode(to), viewer.token()).statusCode())
				.isEqualTo(400);

			// The timeline: one span, as the chunks follow each other without a gap.
			JsonNode timeline = getJson(recordings(id) + "/timeline?from=" + encode(from) + "&to=" + encode(to),
					viewer.token());
			assertThat(timeline.path("spans")).hasSize(1);
			assertThat(timeline.path("recordedMillis").asLong()).isGreaterThan(2L * CHUNK_SECONDS * 1000 - 500);

			// A native player with the timeline's signed URL and no header: ffprobe reads
			// the HLS playlist, its byte-range map and segments across both chunks.
			String signed = gateway.baseUrl() + timeline.path("playbackUrl").asString();
			assertThat(probeUrl(signed)).contains("codec_name=h264", "width=1280")
				.containsPattern("nb_read_frames=[1-9][0-9]+");
			HttpResponse<byte[]> signedChunk = fetch(first.path("url").asString(), null, "Range", "bytes=0-99");
			assertThat(signedChunk.statusCode()).isEqualTo(206);
			assertThat(fetch(timeline.path("exportUrl").asString(), null).statusCode()).isEqualTo(200);
			String folder = timeline.path("recordingsUrl").asString();
			String forged = folder.substring(0, folder.length() - 1) + (folder.endsWith("A") ? "B" : "A");
			assertThat(fetch(forged + "/" + first.path("id").asString(), null).statusCode()).isEqualTo(404);
			assertThat(fetch(forged + "/playback.m3u8?from=" + encode(from), null).statusCode()).isEqualTo(404);

			// Recording off: no chunk after the one being written.
			Response off = put("/api/v1/cameras/" + id + "/recording", "{\"enabled\":false}", alice.token());
			assertThat(off.status()).as(off.body()).isEqualTo(200);
			watch.await("recording OFF", (event) -> id.equals(event.path("cameraId").asString())
					&& "OFF".equals(event.path("recordingStatus").asString()), WAIT);
			Thread.sleep(2000);
			int count = list(alice, id).size();
			Thread.sleep((CHUNK_SECONDS + 2) * 1000L);
			assertThat(list(alice, id)).hasSize(count);
			assertThat(list(alice, id)).allMatch((chunk) -> chunk.path("complete").asBoolean());

			// Only the owner deletes; then the file is gone too.
			String firstPath = recordings(id) + "/" + first.path("id").asString();
			assertThat(gateway.delete(firstPath, viewer.auth()).status()).isEqualTo(403);
			assertThat(gateway.delete(firstPath, alice.auth()).status()).isEqualTo(204);
			assertThat(list(alice, id)).noneMatch((chunk) -> chunk.path("id").equals(first.path("id")));
			awaitStatus(firstPath, alice.token(), 404);
			awaitStatus(first.path("url").asString(), null, 404);

			// Someone the camera is not shared with gets 404 on every recording route.
			String secondPath = recordings(id) + "/" + second.path("id").asString();
			for (String path : List.of(recordings(id), recordings(id) + "/timeline", playlistPath, secondPath,
					"/api/v1/cameras/" + id + "/retention")) {
				assertThat(fetch(path, stranger.token()).statusCode()).as(path).isEqualTo(404);
			}
			assertThat(gateway.delete(secondPath, stranger.auth()).status()).isEqualTo(404);
			assertThat(put("/api/v1/cameras/" + id + "/retention", "{\"maxAgeDays\":1}", stranger.token()).status())
				.isEqualTo(404);
			assertThat(put("/api/v1/cameras/" + id + "/retention", "{\"maxAgeDays\":1}", viewer.token()).status())
				.isEqualTo(403);
			assertThat(fetch(secondPath, null).statusCode()).isEqualTo(401);
		}
		finally {
			gateway.post("/deleteCamera", Map.of("cameraId", id), alice.auth());
		}
	}

	@Test
	void shouldKeepACameraWithinItsQuotaOldestFirst() throws Exception {
		TestUser alice = TestUser.register(gateway, "quota");
		String id = addCamera(alice, camera.url(2));
		try {
			Response quota = put("/api/v1/cameras/" + id + "/retention", "{\"maxBytes\":1048576}", alice.token());
			assertThat(quota.status()).as(quota.body()).isEqualTo(200);
			assertThat(quota.json().path("maxBytes").asLong()).isEqualTo(1048576);
			put("/api/v1/cameras/" + id + "/recording", "{\"enabled\":true}", alice.token());
			List<JsonNode> early = awaitCompleteChunks(alice, id, 1);
			String oldest = early.get(0).path("id").asString();
			// The test camera sends about 1 MB in a few chunks: the oldest must go.
			long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
			while (list(alice, id).stream().anyMatch((chunk) -> chunk.path("id").asString().equals(oldest))) {
				assertThat(System.nanoTime()).as("the oldest chunk deleted for the quota").isLessThan(deadline);
				Thread.sleep(500);
			}
			awaitStatus(recordings(id) + "/" + oldest, alice.token(), 404);
			JsonNode retention = getJson("/api/v1/cameras/" + id + "/retention", alice.token());
			long bytesOfTheOpenChunk = 3L << 20;
			assertThat(retention.path("usedBytes").asLong()).isLessThanOrEqualTo(1048576 + bytesOfTheOpenChunk);
			assertThat(retention.path("recordings").asLong()).isPositive();
		}
		finally {
			gateway.post("/deleteCamera", Map.of("cameraId", id), alice.auth());
		}
	}

	static String recordings(String cameraId) {
		return "/api/v1/cameras/" + cameraId + "/recordings";
	}

	static String addCamera(TestUser user, String url) {
		Response added = gateway.post("/addCamera", Map.of("name", "Recorder", "rtspUrl", url), user.auth());
		assertThat(added.status()).as(added.body()).isEqualTo(200);
		return added.json().path("id").asString();
	}

	static void share(TestUser owner, String cameraId, TestUser with, String role) throws Exception {
		Response shared = put("/api/v1/cameras/" + cameraId + "/shares",
				"{\"username\":\"" + with.name() + "\",\"role\":\"" + role + "\"}", owner.token());
		assertThat(shared.status()).as(shared.body()).isEqualTo(200);
	}

	/** The camera's complete chunks, once there are at least {@code count}. */
	static List<JsonNode> awaitCompleteChunks(TestUser user, String cameraId, int count) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(CHUNK_SECONDS * (count + 1) + 60).toNanos();
		while (true) {
			List<JsonNode> complete = list(user, cameraId).stream()
				.filter((chunk) -> chunk.path("complete").asBoolean())
				.toList();
			if (complete.size() >= count) {
				return complete;
			}
			assertThat(System.nanoTime()).as(count + " complete chunks of " + cameraId).isLessThan(deadline);
			Thread.sleep(500);
		}
	}

	static List<JsonNode> list(TestUser user, String cameraId) throws Exception {
		String from = encode(Instant.now().minus(Duration.ofHours(1)).toString());
		JsonNode page = getJson(recordings(cameraId) + "?from=" + from + "&size=200", user.token());
		List<JsonNode> chunks = new ArrayList<>();
		page.path("content").forEach(chunks::add);
		return chunks;
	}

	static JsonNode getJson(String path, String token) throws Exception {
		HttpResponse<byte[]> response = fetch(path, token);
		assertThat(response.statusCode()).as(path + ": " + text(response)).isEqualTo(200);
		return ApiClient.json.readTree(response.body());
	}

	static Response put(String path, String body, String token) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + token)
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), response.body(), response);
	}

	static HttpResponse<byte[]> fetch(String path, String token, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	static void awaitStatus(String path, String token, int status) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (fetch(path, token).statusCode() != status) {
			assertThat(System.nanoTime()).as(path + " answers " + status).isLessThan(deadline);
			Thread.sleep(250);
		}
	}

	static byte[] bytes(HttpResponse<byte[]> response) {
		assertThat(response.statusCode()).isEqualTo(206);
		return response.body();
	}

	static byte[] concat(byte[] first, byte[] second) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(first);
		out.writeBytes(second);
		return out.toByteArray();
	}

	static String text(HttpResponse<byte[]> response) {
		return new String(response.body(), StandardCharsets.UTF_8);
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** ffprobe's view of an MP4 it decoded. */
	static String probe(byte[] mp4) throws Exception {
		return probe(mp4, "-count_frames", "-select_streams", "v:0", "-show_entries",
				"stream=codec_name,width,height,nb_read_frames");
	}

	static String probe(byte[] mp4, String... arguments) throws Exception {
		Path file = Files.write(Files.createDirectories(downloads).resolve(UUID.randomUUID() + ".mp4"), mp4);
		List<String> command = new ArrayList<>(List.of(Loader.load(ffprobe.class), "-v", "error"));
		command.addAll(List.of(arguments));
		command.addAll(List.of("-of", "default=noprint_wrappers=1", file.toString()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	/** ffprobe opening a URL itself, as a native player does. */
	static String probeUrl(String url) throws Exception {
		List<String> command = List.of(Loader.load(ffprobe.class), "-v", "error", "-count_frames", "-select_streams",
				"v:0", "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of",
				"default=noprint_wrappers=1", url);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	/** hls.js in Chromium on a recording's playlist: plays, seeks, watches 4 s. */
	static JsonNode playRecording(String playlistUrl, String token, double seekTo) throws Exception {
		return HlsPlaybackIT.play(playlistUrl, 4, Map.of("HLS_BEARER", token, "HLS_SEEK_TO", Double.toString(seekTo)));
	}

}
