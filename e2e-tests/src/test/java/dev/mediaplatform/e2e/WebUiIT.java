package dev.mediaplatform.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.RtspTestCamera;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import static dev.mediaplatform.localstack.ApiClient.bearer;
import static dev.mediaplatform.localstack.ApiClient.credentials;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI the gateway serves, driven in a real headless Chromium (Debian's, through
 * playwright-core) by {@code ui-flow.mjs} as a person drives it, on a desktop and on a
 * phone: register, log in, add the test camera, watch it go LIVE and play, record, find
 * the recording on the timeline and play it, share the camera with a viewer who gets no
 * owner controls, and log out; every page scanned by axe-core and kept as a screenshot in
 * {@code target/ui-screenshots}. Pages are found by roles and accessible names only.
 * {@code -Dui.updateScreenshot=true} copies the desktop grid to the README's
 * {@code docs/screenshots/live-grid.png}.
 */
class WebUiIT {

	static final ApiClient gateway = SharedPlatform.gateway();

	static final Path home = Path.of(System.getProperty("media.home", "..")).toAbsolutePath().normalize();

	static final Path screenshots = home.resolve("e2e-tests/target/ui-screenshots");

	static final Path readmeScreenshot = home.resolve("docs/screenshots/live-grid.png");

	/** The password {@link TestUser} registers with. */
	static final String PASSWORD = "a long enough password";

	/** Every step of ui-flow.mjs, in order: a step that fails ends the flow. */
	static final List<String> STEPS = List.of("register-page", "register-field-errors", "register", "login-page",
			"login-wrong-password", "login", "add-camera", "reload-keeps-session", "owner-controls", "start-live",
			"live-video", "start-recording", "camera-page", "recordings-page", "timeline-play", "list-play",
			"recordings-owner-controls", "retention-save", "accessibility", "share", "viewer-login",
			"viewer-recordings", "viewer-logout", "not-found", "live-off-while-recording", "delete-camera", "logout");

	static final Set<String> STATES = Set.of("STARTING", "LIVE", "RECONNECTING", "FAILED", "STOPPED");

	/**
	 * Least gain of a playing video's currentTime over the seconds ui-flow.mjs watches
	 * it.
	 */
	static final Map<String, Double> MIN_ADVANCE = Map.of("live-video", 2.0, "camera-page", 1.5, "timeline-play", 1.5,
			"list-play", 1.0, "viewer-login", 1.0);

	static RtspTestCamera camera;

	@BeforeAll
	static void installBrowserAndStartCamera() throws Exception {
		HlsPlaybackIT.installBrowser();
		camera = RtspTestCamera.start(RtspTestCamera.Options.defaults());
	}

	@AfterAll
	static void stopCamera() {
		if (camera != null) {
			camera.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "desktop", "phone" })
	void shouldServeTheWholeScenarioInABrowser(String device) throws Exception {
		TestUser viewer = TestUser.register(gateway, "uiv");
		String owner = "uio" + UUID.randomUUID().toString().substring(0, 8);
		JsonNode report;
		try {
			report = run(gateway.baseUrl(), camera.url(1), owner, viewer.name(), device);
		}
		finally {
			deleteCamerasOf(owner);
		}
		System.out.println("ui-flow.mjs " + device + ": " + report);

		assertThat(report.path("error").isNull()).as("ui-flow.mjs ran: " + report.path("error")).isTrue();
		SoftAssertions softly = new SoftAssertions();
		for (String name : STEPS) {
			JsonNode step = step(report, name);
			softly.assertThat(step.path("ok").asBoolean())
				.as("%s %s: %s", device, name,
						step.isMissingNode() ? "not reached, the flow stopped at " + report.path("failedStep")
								: step.path("error").asString())
				.isTrue();
		}
		assertSeen(softly, report, device);
		assertAccessible(softly, report, device);
		softly.assertThat(report.path("consoleErrors")).as(device + " console errors and page errors").isEmpty();
		softly.assertAll();

		if (device.equals("desktop") && Boolean.getBoolean("ui.updateScreenshot")) {
			Files.createDirectories(readmeScreenshot.getParent());
			Files.copy(screenshots.resolve("desktop-grid.png"), readmeScreenshot, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** What the passing steps saw, as the UI contract says it. */
	private static void assertSeen(SoftAssertions softly, JsonNode report, String device) {
		JsonNode registered = step(report, "register");
		if ("login".equals(registered.path("registeredTo").asString())) {
			softly.assertThat(registered.path("usernameKept").asBoolean())
				.as(device + ": the username kept on /login after registering")
				.isTrue();
		}
		JsonNode added = step(report, "add-camera");
		if (added.path("ok").asBoolean()) {
			softly.assertThat(added.path("transports"))
				.as(device + ": Transport options")
				.map(JsonNode::asString)
				.contains("TCP", "UDP");
			softly.assertThat(added.path("status").asString()).as(device + ": badge of a new camera").isIn(STATES);
		}
		JsonNode owned = step(report, "owner-controls");
		if (owned.path("ok").asBoolean()) {
			for (String control : List.of("live", "recording", "share", "edit", "delete")) {
				softly.assertThat(owned.path("controls").path(control).asInt())
					.as("%s: owner's %s button on the card: %s", device, control, owned.path("snapshot").asString())
					.isOne();
			}
			softly.assertThat(owned.path("recordingShown").asBoolean()).as(device + ": REC before recording").isFalse();
		}
		JsonNode live = step(report, "start-live");
		if (live.path("ok").asBoolean()) {
			softly.assertThat(live.path("statuses"))
				.as(device + ": badge texts on the way to LIVE")
				.map(JsonNode::asString)
				.allMatch(STATES::contains)
				.endsWith("LIVE");
		}
		MIN_ADVANCE.forEach((name, least) -> {
			JsonNode played = step(report, name);
			if (played.path("ok").asBoolean()) {
				softly.assertThat(played.path("advanced").asDouble())
					.as("%s %s: currentTime gained while watched: %s", device, name, played)
					.isGreaterThanOrEqualTo(least);
			}
		});
		softly.assertThat(step(report, "live-video").path("muted").asBoolean(true))
			.as(device + ": live video muted")
			.isTrue();
		JsonNode watched = step(report, "live-video");
		if (watched.path("ok").asBoolean()) {
			softly.assertThat(watched.path("delay").asString())
				.as(device + ": the player says how far behind live it is: " + watched)
				.matches("[0-9]+\\.[0-9] s behind live");
			softly.assertThat(watched.path("delaySeconds").asDouble(99))
				.as(device + ": seconds behind live, low-latency HLS: " + watched)
				.isBetween(0.0, 2.5);
		}
		for (String name : List.of("start-recording", "camera-page")) {
			JsonNode seen = step(report, name);
			if (seen.path("ok").asBoolean()) {
				softly.assertThat(seen.path("recording").asString())
					.as(device + " " + name + ": indicator")
					.isEqualTo("REC");
				softly.assertThat(seen.path("status").asString()).as(device + " " + name + ": badge").isEqualTo("LIVE");
			}
		}
		JsonNode recordingOnly = step(report, "live-off-while-recording");
		if (recordingOnly.path("ok").asBoolean()) {
			softly.assertThat(recordingOnly.path("detail").asString())
				.as(device + ": what a recording camera without live view says")
				.contains("Recording; live view is off")
				.contains("Start live");
			softly.assertThat(recordingOnly.path("overlayShown").asBoolean())
				.as(device + ": the words over the empty player")
				.isTrue();
			softly.assertThat(recordingOnly.path("recording").asString()).as(device + ": REC stays").isEqualTo("REC");
		}
		JsonNode page = step(report, "camera-page");
		if (page.path("ok").asBoolean()) {
			for (String control : List.of("live", "recording", "share", "edit", "delete")) {
				softly.assertThat(page.path("controls").path(control).asInt())
					.as("%s: owner's %s button on the camera page", device, control)
					.isOne();
			}
		}
		JsonNode recordings = step(report, "recordings-page");
		if (recordings.path("ok").asBoolean()) {
			softly.assertThat(recordings.path("dayType").asString()).as(device + ": Day input type").isEqualTo("date");
		}
		JsonNode ownerRecordings = step(report, "recordings-owner-controls");
		if (ownerRecordings.path("ok").asBoolean()) {
			// The chunk being written cannot be deleted yet; it has no thumbnail either.
			softly.assertThat(ownerRecordings.path("deletes").asInt())
				.as(device + ": a Delete recording button per complete recording: " + ownerRecordings)
				.isPositive()
				.isEqualTo(ownerRecordings.path("withThumbnail").asInt());
			softly.assertThat(ownerRecordings.path("types").path("From").asString())
				.as(device + ": From input type")
				.isEqualTo("datetime-local");
			softly.assertThat(ownerRecordings.path("types").path("To").asString())
				.as(device + ": To input type")
				.isEqualTo("datetime-local");
			softly.assertThat(ownerRecordings.path("downloadHref").asString())
				.as(device + ": Download link")
				.isNotBlank();
		}
		JsonNode retention = step(report, "retention-save");
		if (retention.path("ok").asBoolean()) {
			softly.assertThat(retention.path("keepDaysAfterReload").asString())
				.as(device + ": Keep days saved and shown again")
				.isEqualTo("30");
		}
		JsonNode shared = step(report, "share");
		if (shared.path("ok").asBoolean()) {
			softly.assertThat(shared.path("roles"))
				.as(device + ": Role options")
				.map(JsonNode::asString)
				.contains("Viewer", "Operator");
		}
		JsonNode viewer = step(report, "viewer-login");
		if (viewer.path("ok").asBoolean()) {
			viewer.path("controls")
				.properties()
				.forEach((control) -> softly.assertThat(control.getValue().asInt())
					.as("%s: viewer's %s buttons: %s", device, control.getKey(), viewer.path("snapshot").asString())
					.isZero());
		}
		JsonNode viewerRecordings = step(report, "viewer-recordings");
		if (viewerRecordings.path("ok").asBoolean()) {
			softly.assertThat(viewerRecordings.path("plays").asInt())
				.as(device + ": viewer's Play buttons")
				.isPositive();
			softly.assertThat(viewerRecordings.path("deletes").asInt())
				.as(device + ": viewer's Delete recording")
				.isZero();
			softly.assertThat(viewerRecordings.path("retention").asInt())
				.as(device + ": viewer's retention form")
				.isZero();
		}
	}

	/** No serious or critical axe-core violation on any page; every violation printed. */
	private static void assertAccessible(SoftAssertions softly, JsonNode report, String device) {
		List<String> serious = new ArrayList<>();
		report.path("axe").properties().forEach((page) -> {
			for (JsonNode violation : page.getValue().path("violations")) {
				StringBuilder line = new StringBuilder().append(device)
					.append(' ')
					.append(page.getKey())
					.append(": ")
					.append(violation.path("impact").asString())
					.append(' ')
					.append(violation.path("id").asString())
					.append(" (")
					.append(violation.path("help").asString())
					.append(')');
				for (JsonNode node : violation.path("nodes")) {
					line.append("\n    ")
						.append(node.path("target").asString())
						.append(": ")
						.append(node.path("html").asString())
						.append("\n      ")
						.append(node.path("failureSummary").asString().replace("\n", "\n      "));
				}
				System.out.println("axe: " + line);
				if (Set.of("serious", "critical").contains(violation.path("impact").asString())) {
					serious.add(line.toString());
				}
			}
		});
		if (step(report, "accessibility").path("ok").asBoolean()) {
			softly.assertThat(report.path("axe").propertyNames())
				.as(device + ": pages scanned")
				.containsExactlyInAnyOrder("login", "register", "grid", "camera", "recordings", "not-found");
		}
		softly.assertThat(serious).as(device + ": serious or critical axe-core violations").isEmpty();
	}

	private static JsonNode step(JsonNode report, String name) {
		for (JsonNode step : report.path("steps")) {
			if (step.path("name").asString().equals(name)) {
				return step;
			}
		}
		return MissingNode.getInstance();
	}

	/** {@code node ui-flow.mjs}: its one JSON line. */
	private static JsonNode run(String gatewayUrl, String rtspUrl, String owner, String viewer, String device)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(
				List.of("node", "ui-flow.mjs", gatewayUrl, rtspUrl, owner, PASSWORD, viewer, PASSWORD, device));
		builder.environment().put("UI_SCREENSHOTS", screenshots.toString());
		Process node = builder.directory(SocketIoIT.clients.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		CompletableFuture<String> stdout = HlsPlaybackIT.readAll(node);
		// The script ends itself within 150 s; this is the last resort.
		boolean finished = node.waitFor(4, TimeUnit.MINUTES);
		if (!finished) {
			node.descendants().forEach(ProcessHandle::destroyForcibly);
			node.destroyForcibly();
		}
		assertThat(finished).as("ui-flow.mjs ends by itself").isTrue();
		String output = stdout.join().trim();
		String line = output.lines().filter((candidate) -> candidate.startsWith("{")).reduce((a, b) -> b).orElse("");
		assertThat(line).as("ui-flow.mjs's report (exit " + node.exitValue() + "): " + output).isNotEmpty();
		return ApiClient.json.readTree(line);
	}

	/**
	 * A flow that stopped half-way leaves its camera streaming on the shared platform.
	 */
	private static void deleteCamerasOf(String owner) {
		Response login = gateway.post("/login", credentials(owner, PASSWORD));
		if (login.status() != 200) {
			return;
		}
		String token = login.json().path("token").asString();
		for (JsonNode camera : gateway.get("/cameras", bearer(token)).json()) {
			gateway.post("/deleteCamera", Map.of("cameraId", camera.path("id").asString()), bearer(token));
		}
	}

}
