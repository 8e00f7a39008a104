package dev.mediaplatform.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.mediaplatform.localstack.StatusWatch;
import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.RtspTestCamera;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.mediaplatform.localstack.ApiClient.bearer;
import static dev.mediaplatform.localstack.ApiClient.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A live camera watched as a viewer watches it: hls.js on a muted {@code <video>} in a
 * real headless Chromium (Debian's, driven by playwright-core), on a page of another
 * origin than the gateway, playing the signed stream URL {@code /startStream} answers.
 * The picture must decode at the camera's size and the playhead must move with the wall
 * clock.
 */
class HlsPlaybackIT {

	static final Duration LIVE = Duration.ofSeconds(60);

	/** How long playback is watched once the video plays. */
	static final int WATCH_SECONDS = 6;

	/**
	 * The playhead's least gain over {@link #WATCH_SECONDS} of wall time: a playing live
	 * stream gains about as much as the wall clock, a loaded CI machine may stall for a
	 * moment; a picture that does not play gains nothing.
	 */
	static final double MIN_ADVANCE_SECONDS = 3.0;

	/**
	 * The most a live picture may be behind: a bound on a broken pipeline (segments
	 * instead of parts, no blocking reloads), not the latency aimed at (about 1 s).
	 */
	static final double MAX_BEHIND_SECONDS = 2.5;

	static final Path installer = SocketIoIT.clients.resolve("../../../../tools/browser/install").normalize();

	static final ApiClient gateway = SharedPlatform.gateway();

	static RtspTestCamera camera;

	@BeforeAll
	static void installBrowserAndStartCamera() throws Exception {
		installBrowser();
		camera = RtspTestCamera.start(RtspTestCamera.Options.defaults());
	}

	@AfterAll
	static void stopCamera() {
		if (camera != null) {
			camera.close();
		}
	}

	/**
	 * Debian's Chromium, installed when missing. Skipped only where it cannot be
	 * installed because this user is not root; everywhere else a missing browser fails.
	 */
	static void installBrowser() throws Exception {
		Process install = new ProcessBuilder("/bin/bash", installer.toString()).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		CompletableFuture<String> output = readAll(install);
		boolean finished = install.waitFor(15, TimeUnit.MINUTES);
		if (!finished) {
			install.destroyForcibly();
		}
		assertThat(finished).as(installer + " finishes").isTrue();
		String log = output.join();
		System.out.print(log);
		assumeFalse(install.exitValue() == 2 && !"root".equals(System.getProperty("user.name")),
				"Chromium is missing and only root can install it: " + log);
		assertThat(install.exitValue()).as(installer + ": " + log).isZero();
	}

	@Test
	void shouldPlayALiveCameraWithHlsJsInChromium() throws Exception {
		String token = register();
		String id = addCamera(token, camera.url(1));
		try (StatusWatch watch = StatusWatch.start(gateway, token, "websocket", SocketIoIT.clients)) {
			String streamUrl = startStream(token, id);
			boolean stopped = false;
			try {
				watch.awaitStatus(id, "LIVE", LIVE);
				awaitSegment(streamUrl);

				JsonNode played = play(gateway.baseUrl() + streamUrl, WATCH_SECONDS);

				String seen = played.toString();
				System.out.println("hls-play.mjs: " + seen);
				assertThat(played.path("error").isNull()).as("the player ran: " + seen).isTrue();
				assertThat(played.path("supported").asBoolean()).as("Hls.isSupported(): " + seen).isTrue();
				assertThat(played.path("manifestParsed").asBoolean()).as("MANIFEST_PARSED: " + seen).isTrue();
				assertThat(played.path("fatalError").isNull()).as("no fatal hls.js error: " + seen).isTrue();
				assertThat(played.path("playing").asBoolean()).as("the video plays: " + seen).isTrue();
				assertThat(played.path("videoWidth").asInt()).as("videoWidth: " + seen).isEqualTo(1280);
				assertThat(played.path("videoHeight").asInt()).as("videoHeight: " + seen).isEqualTo(720);
				assertThat(played.path("wallSeconds").asDouble()).as("watched: " + seen)
					.isGreaterThanOrEqualTo(WATCH_SECONDS - 0.5);
				assertThat(played.path("advanced").asDouble()).as("currentTime gained while watched: " + seen)
					.isGreaterThanOrEqualTo(MIN_ADVANCE_SECONDS);
				assertThat(played.path("fragLoaded").asInt()).as("FRAG_LOADED events: " + seen).isPositive();
				assertThat(played.path("decodedFrames").asInt()).as("decoded frames: " + seen).isPositive();
				// Low-Latency HLS: parts loaded by blocking reloads, and the picture
				// close
				// behind the moment the worker received it (the segments' program dates,
				// on this machine's clock).
				assertThat(played.path("lowLatency").asBoolean()).as("hls.js in low-latency mode: " + seen).isTrue();
				assertThat(played.path("partLoaded").asInt()).as("parts loaded: " + seen).isPositive();
				assertThat(medianBehind(played)).as("median seconds behind live over the last samples: " + seen)
					.isLessThanOrEqualTo(MAX_BEHIND_SECONDS);

				Response stop = gateway.post("/stopStream", Map.of("cameraId", id), bearer(token));
				assertThat(stop.json().path("success").asBoolean()).as(stop.body()).isTrue();
				stopped = true;
			}
			finally {
				if (!stopped) {
					gateway.post("/stopStream", Map.of("cameraId", id), bearer(token));
				}
			}
		}
	}

	/**
	 * The median of how far the picture was behind live over the second half of the
	 * samples, once hls.js has settled at its target.
	 */
	static double medianBehind(JsonNode played) {
		List<Double> behind = new java.util.ArrayList<>();
		JsonNode samples = played.path("samples");
		for (int i = samples.size() / 2; i < samples.size(); i++) {
			if (samples.get(i).path("behind").isNumber()) {
				behind.add(samples.get(i).path("behind").asDouble());
			}
		}
		assertThat(behind).as("samples with a program date: " + played).isNotEmpty();
		behind.sort(Double::compare);
		return behind.get(behind.size() / 2);
	}

	/** {@code node hls-play.mjs}: its one JSON line. */
	static JsonNode play(String playlistUrl, int seconds) throws IOException, InterruptedException {
		return play(playlistUrl, seconds, Map.of());
	}

	/**
	 * {@code node hls-play.mjs} with options in its environment ({@code HLS_BEARER},
	 * {@code HLS_SEEK_TO}): its one JSON line.
	 */
	static JsonNode play(String playlistUrl, int seconds, Map<String, String> options)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(
				List.of("node", "hls-play.mjs", playlistUrl, Integer.toString(seconds)));
		builder.environment().putAll(options);
		Process node = builder.directory(SocketIoIT.clients.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		CompletableFuture<String> stdout = readAll(node);
		// The script ends itself within 75 s plus the watch; this is the last resort.
		boolean finished = node.waitFor(3, TimeUnit.MINUTES);
		if (!finished) {
			node.descendants().forEach(ProcessHandle::destroyForcibly);
			node.destroyForcibly();
		}
		assertThat(finished).as("hls-play.mjs ends by itself").isTrue();
		String output = stdout.join().trim();
		String line = output.lines().filter((candidate) -> candidate.startsWith("{")).reduce((a, b) -> b).orElse("");
		assertThat(line).as("hls-play.mjs's report (exit " + node.exitValue() + "): " + output).isNotEmpty();
		return ApiClient.json.readTree(line);
	}

	static CompletableFuture<String> readAll(Process process) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return "";
			}
		});
	}

	static String register() {
		String name = "hls" + UUID.randomUUID().toString().substring(0, 8);
		Response registered = gateway.post("/register", credentials(name, "a long enough password"));
		assertThat(registered.status()).as(registered.body()).isEqualTo(200);
		return registered.json().path("token").asString();
	}

	static String addCamera(String token, String url) {
		Response added = gateway.post("/addCamera", Map.of("name", "Browser", "rtspUrl", url), bearer(token));
		assertThat(added.status()).as(added.body()).isEqualTo(200);
		return added.json().path("id").asString();
	}

	static String startStream(String token, String cameraId) {
		Response started = gateway.post("/startStream", Map.of("cameraId", cameraId), bearer(token));
		assertThat(started.status()).as(started.body()).isEqualTo(200);
		assertThat(started.json().path("success").asBoolean()).as(started.body()).isTrue();
		String streamUrl = started.json().path("streamUrl").asString();
		assertThat(streamUrl).startsWith("/streams/" + cameraId + "/").endsWith("/index.m3u8");
		return streamUrl;
	}

	/** Until the signed playlist lists a segment: a player starts from there. */
	static void awaitSegment(String streamUrl) throws InterruptedException {
		long deadline = System.nanoTime() + LIVE.toNanos();
		String last = "";
		while (System.nanoTime() < deadline) {
			Response playlist = gateway.get(streamUrl);
			last = playlist.status() + " " + playlist.body();
			if (playlist.status() == 200
					&& playlist.body().lines().anyMatch((line) -> !line.startsWith("#") && !line.isBlank())) {
				return;
			}
			Thread.sleep(250);
		}
		throw new AssertionError("no segment in " + streamUrl + " within " + LIVE + "; last: " + last);
	}

}
