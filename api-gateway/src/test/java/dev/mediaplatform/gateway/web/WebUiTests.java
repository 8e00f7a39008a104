package dev.mediaplatform.gateway.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mediaplatform.gateway.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI through the real gateway, in front of a stand-in auth-service and
 * camera-service: the app's pages and files, the 404 page of browser navigations, and the
 * API and media left as they were, on the same paths.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebUiTests {

	static final KeyPair signingKeys = TestServices.rsa();

	static final WireMockServer services = TestServices.start(signingKeys);

	static final String alice = TestServices.token(signingKeys, "alice-id");

	/** What a browser sends when it navigates to a page. */
	static final String NAVIGATION = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
			+ "media-src 'self' blob:; connect-src 'self'; worker-src 'self' blob:; font-src 'self'; "
			+ "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

	/** hls.js is the largest file of the app, at about half a megabyte. */
	static final int LARGEST_FILE = 8 * 1024 * 1024;

	static final String CAMERA = "6f1c2a9e-0b7d-4c3e-9a51-2d8e4f6a7b90";

	@LocalServerPort
	int port;

	@Autowired
	WebUi ui;

	WebTestClient http;

	@DynamicPropertySource
	static void platform(DynamicPropertyRegistry registry) {
		TestServices.discover(registry, services);
	}

	@AfterAll
	static void stopServices() {
		services.stop();
	}

	@BeforeEach
	void client() {
		this.http = TestServices.client(this.port)
			.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(LARGEST_FILE))
			.build();
	}

	@Nested
	class Pages {

		@Test
		void shouldAnswerTheShellWithItsAssetsVersionedForEveryPage() {
			String shell = bundled(WebFiles.SHELL).replace("{{assets}}", "/assets/" + WebUiTests.this.ui.version());
			assertThat(WebUiTests.this.ui.version()).matches("[0-9a-f]{12}");
			assertThat(shell).as("the shell names its files by {{assets}}")
				.contains("/assets/" + WebUiTests.this.ui.version() + "/app/");

			services.resetRequests();

			for (String page : List.of("/", "/login", "/register", "/cameras/" + CAMERA,
					"/cameras/" + CAMERA + "/recordings")) {
				String body = assertPage(navigate(page), 200);
				assertThat(body).as(page).isEqualTo(shell).doesNotContain("{{assets}}");
			}
			// The pages' router runs before the gateway's routes.
			services.verify(0, anyRequestedFor(anyUrl()));
		}

		@Test
		void shouldAnswerTheShellToClientsThatAcceptAnything() {
			assertPage(WebUiTests.this.http.get().uri("/login").exchange(), 200);
			assertPage(WebUiTests.this.http.get().uri("/").header(HttpHeaders.ACCEPT, "*/*").exchange(), 200);
			assertPage(WebUiTests.this.http.get().uri("/").header(HttpHeaders.ACCEPT, "text/*").exchange(), 200);
		}

		@Test
		void shouldAnswerHeadWithTheLengthAndNoBody() {
			int length = bundled(WebFiles.SHELL).replace("{{assets}}", "/assets/" + WebUiTests.this.ui.version())
				.getBytes(StandardCharsets.UTF_8).length;

			WebUiTests.this.http.head()
				.uri("/")
				.header(HttpHeaders.ACCEPT, NAVIGATION)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType("text/html;charset=UTF-8")
				.expectHeader()
				.contentLength(length)
				.expectHeader()
				.valueEquals("Content-Security-Policy", CSP)
				.expectBody()
				.isEmpty();
		}

		@Test
		void shouldLeaveLoggingInAndRegisteringToAuthService() {
			services.stubFor(post(urlPathEqualTo("/login")).willReturn(okJson("{\"accessToken\":\"from-auth\"}")));
			services.stubFor(post(urlPathEqualTo("/register")).willReturn(okJson("{\"id\":\"from-auth\"}")));

			WebUiTests.this.http.post()
				.uri("/login")
				.header(HttpHeaders.ACCEPT, NAVIGATION)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"username\":\"alice\",\"password\":\"secret\"}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("{\"accessToken\":\"from-auth\"}");
			WebUiTests.this.http.post()
				.uri("/register")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"username\":\"alice\",\"password\":\"secret\"}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("{\"id\":\"from-auth\"}");
			services.verify(postRequestedFor(urlPathEqualTo("/login")));
			services.verify(postRequestedFor(urlPathEqualTo("/register")));
		}

		@Test
		void shouldLeaveTheLegacyCameraListToCameraService() {
			services.stubFor(get(urlPathEqualTo("/cameras")).willReturn(okJson("[{\"from\":\"camera-service\"}]")));

			for (String accept : List.of(MediaType.APPLICATION_JSON_VALUE, NAVIGATION)) {
				WebUiTests.this.http.get()
					.uri("/cameras")
					.header(HttpHeaders.ACCEPT, accept)
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + alice)
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody(String.class)
					.isEqualTo("[{\"from\":\"camera-service\"}]");
			}
			TestServices.assertProblem(
					WebUiTests.this.http.get().uri("/cameras").header(HttpHeaders.ACCEPT, NAVIGATION).exchange(), 401);
		}

		@Test
		void shouldAnswerTheNotFoundPageForWhatIsNoCameraId() {
			for (String path : List.of("/cameras/not-a-camera", "/cameras/" + CAMERA.toUpperCase(),
					"/cameras/" + CAMERA + "/recordings/1", "/cameras/" + CAMERA + "x", "/login/")) {
				assertPage(navigate(path), 404);
			}
		}

	}

	@Nested
	class Navigation {

		@Test
		void shouldAnswerTheNotFoundPageToABrowserWithoutAToken() {
			String notFound = bundled(WebFiles.NOT_FOUND).replace("{{assets}}",
					"/assets/" + WebUiTests.this.ui.version());

			for (String path : List.of("/no/such/page", "/settings", "/static/app.js", "/index.html")) {
				assertThat(assertPage(navigate(path), 404)).as(path).isEqualTo(notFound);
			}
			assertThat(assertPage(
					WebUiTests.this.http.head().uri("/no/such/page").header(HttpHeaders.ACCEPT, NAVIGATION).exchange(),
					404))
				.isEmpty();
		}

		@Test
		void shouldAnswerApiClientsWithProblemsAsBefore() {
			for (String accept : List.of(MediaType.APPLICATION_JSON_VALUE, "*/*")) {
				TestServices.assertProblem(
						WebUiTests.this.http.get().uri("/no/such/page").header(HttpHeaders.ACCEPT, accept).exchange(),
						401);
				TestServices.assertProblem(WebUiTests.this.http.get()
					.uri("/no/such/page")
					.header(HttpHeaders.ACCEPT, accept)
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + alice)
					.exchange(), 404);
			}
			TestServices.assertProblem(WebUiTests.this.http.get().uri("/no/such/page").exchange(), 401);
		}

		@Test
		void shouldLeaveTheApiAndMediaToTheirRoutesEvenForABrowser() {
			for (String path : List.of("/api/v1/cameras", "/api/v1/nothing", "/self", "/users", "/streams/x/y",
					"/actuator/env", "/cameras")) {
				TestServices.assertProblem(navigate(path), 401);
			}
			TestServices.assertProblem(navigate("/v3/api-docs/nothing"), 404);
			TestServices.assertProblem(navigate("/recordings/" + CAMERA + "/token/1"), 404);
			// Methods other than GET and HEAD are never a navigation.
			TestServices.assertProblem(
					WebUiTests.this.http.delete().uri("/").header(HttpHeaders.ACCEPT, NAVIGATION).exchange(), 401);
		}

	}

	@Nested
	class Assets {

		@Test
		void shouldServeEveryFileOfTheAppUnderTheCurrentVersionForAYear() {
			Map<String, byte[]> files = bundledFiles();
			assertThat(files).containsKeys("vendor/hls.min.mjs", "vendor/hls.worker.js", "vendor/socket.io.esm.min.js",
					"vendor/licenses/hls.js/LICENSE", "vendor/licenses/socket.io-client/LICENSE");

			files.forEach((path, content) -> {
				if (path.equals(WebFiles.SHELL) || path.equals(WebFiles.NOT_FOUND)) {
					return;
				}
				EntityExchangeResult<byte[]> result = asset(path).expectStatus()
					.isOk()
					.expectHeader()
					.valueEquals(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable")
					.expectHeader()
					.valueEquals("X-Content-Type-Options", "nosniff")
					.expectHeader()
					.exists(HttpHeaders.ETAG)
					.expectBody(byte[].class)
					.returnResult();
				assertThat(result.getResponseBody()).as(path).isEqualTo(content);
				assertThat(result.getResponseHeaders().get(HttpHeaders.PRAGMA)).as(path).isNull();
			});
		}

		@Test
		void shouldLabelEachFileWithItsType() {
			for (String path : List.of("vendor/hls.min.mjs", "vendor/hls.worker.js", "vendor/socket.io.esm.min.js")) {
				asset(path).expectHeader().contentType("text/javascript;charset=UTF-8");
			}
			asset("vendor/licenses/hls.js/LICENSE").expectHeader().contentType("text/plain;charset=UTF-8");
			if (bundledFiles().containsKey("app/icon.svg")) {
				asset("app/icon.svg").expectHeader().contentType("image/svg+xml");
			}
			if (bundledFiles().containsKey("app/styles.css")) {
				asset("app/styles.css").expectHeader().contentType("text/css;charset=UTF-8");
			}
		}

		@Test
		void shouldAnswerNotModifiedToABrowserThatHasTheFile() {
			String etag = asset("vendor/hls.min.mjs").returnResult(byte[].class).getResponseHeaders().getETag();

			WebUiTests.this.http.get()
				.uri(assets() + "/vendor/hls.min.mjs")
				.header(HttpHeaders.IF_NONE_MATCH, etag)
				.exchange()
				.expectStatus()
				.isNotModified()
				.expectHeader()
				.valueEquals(HttpHeaders.ETAG, etag)
				.expectBody()
				.isEmpty();
		}

		@Test
		void shouldAnswerHeadWithTheLengthAndNoBody() {
			WebUiTests.this.http.head()
				.uri(assets() + "/vendor/socket.io.esm.min.js")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentLength(bundledFiles().get("vendor/socket.io.esm.min.js").length)
				.expectBody()
				.isEmpty();
		}

		@Test
		void shouldAnswerAnotherVersionWithAProblem() {
			String other = WebUiTests.this.ui.version().startsWith("0") ? "100000000000" : "000000000000";

			TestServices.assertProblem(
					WebUiTests.this.http.get().uri("/assets/" + other + "/vendor/hls.min.mjs").exchange(), 404);
			TestServices.assertProblem(WebUiTests.this.http.get().uri("/assets/vendor/hls.min.mjs").exchange(), 404);
			TestServices.assertProblem(WebUiTests.this.http.get().uri("/assets").exchange(), 404);
		}

		@Test
		void shouldNeverServeAFileOutsideTheAppNorADirectory() {
			String assets = assets();
			// Reach the gateway's own handler: 404.
			for (String target : List.of(assets + "/application.yml", assets + "/config/application.properties",
					assets + "/dev/mediaplatform/gateway/ApiGatewayApplication.class", assets + "/app",
					assets + "/app/", assets + "/vendor", assets + "/", assets + "/index.html",
					assets + "/not-found.html", assets + "/.hidden", assets + "/app/.x", assets + "/app/main.js~",
					assets + "/~/x", assets + "/WEB-INF/x", assets + "/vendor/licenses", "/assets/application.yml")) {
				Raw response = rawGet(target);
				assertThat(response.status()).as(target).isEqualTo(404);
				assertThat(response.body()).as(target).contains("\"status\":404");
				assertNothingLeaked(target, response);
			}
			// Refused before they reach it, by the gateway's firewall: 400.
			for (String target : List.of("/assets/../application.yml", assets + "//etc/passwd",
					assets + "/../application.yml", assets + "/app/../../application.yml",
					assets + "/%2e%2e/application.yml", assets + "/%2E%2E/%2E%2E/application.yml",
					assets + "/..%2Fapplication.yml", assets + "/app%2Ficon.svg", assets + "/%2Fetc%2Fpasswd",
					assets + "/app/..%5C..%5Capplication.yml", assets + "/vendor/hls.min.mjs%00",
					assets + "/./vendor/hls.min.mjs", assets + "/vendor;x=1/hls.min.mjs")) {
				Raw response = rawGet(target);
				assertThat(response.status()).as(target).isIn(400, 404);
				assertNothingLeaked(target, response);
			}
		}

		static void assertNothingLeaked(String target, Raw response) {
			assertThat(response.contentType()).as(target).isEqualTo("application/problem+json");
			assertThat(response.body()).as(target)
				.doesNotContain("eureka")
				.doesNotContain("gateway.streams")
				.doesNotContain("\u00ca\u00fe\u00ba\u00be")
				.doesNotContain("root:");
		}

		@Test
		void shouldAnswerTheAppsIconForTheConventionalName() {
			byte[] icon = bundledFiles().get("app/icon.svg");
			if (icon == null) {
				TestServices.assertProblem(WebUiTests.this.http.get().uri("/favicon.ico").exchange(), 404);
				return;
			}
			WebUiTests.this.http.get()
				.uri("/favicon.ico")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType("image/svg+xml")
				.expectHeader()
				.valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
				.expectBody(byte[].class)
				.isEqualTo(icon);
		}

	}

	/**
	 * Nothing the gateway answers names where a service runs, whoever answers: the
	 * gateway, or auth-service behind it (its resource server names itself in
	 * {@code resource_metadata}).
	 */
	@Nested
	class NoInternalAddress {

		@Test
		void shouldNameNoServiceAddressForThePagesOfAuthServicesPaths() {
			for (String path : List.of("/login", "/register")) {
				services.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(405)
					.withHeader("Content-Type", "application/problem+json")
					.withHeader("Allow", "POST")
					.withBody("{\"type\":\"about:blank\",\"title\":\"Method Not Allowed\",\"status\":405,"
							+ "\"detail\":\"Method 'GET' is not supported.\",\"instance\":\"" + path + "\"}")));
			}
			for (String path : List.of("/", "/login", "/register")) {
				for (String accept : List.of(MediaType.APPLICATION_JSON_VALUE, NAVIGATION)) {
					assertNoAddress(path + " " + accept, rawGet(path, "Accept: " + accept));
				}
			}
		}

		@Test
		void shouldTakeTheServicesAddressOutOfTheirBearerChallenges() {
			String metadata = "resource_metadata=\"http://127.0.0.1:" + services.port()
					+ "/.well-known/oauth-protected-resource\"";
			Map<String, String> challenges = Map.of("/login",
					"Bearer error=\"invalid_token\", error_description=\"bad credentials\", " + metadata, "/register",
					"Bearer " + metadata + ", error=\"invalid_request\"", "/api/v1/auth/refresh", "Bearer " + metadata,
					"/api/v1/auth/logout", "Bearer error=\"invalid_token\", " + metadata + ", scope=\"openid\"");
			Map<String, String> expected = Map.of("/login",
					"Bearer error=\"invalid_token\", error_description=\"bad credentials\"", "/register",
					"Bearer error=\"invalid_request\"", "/api/v1/auth/refresh", "Bearer", "/api/v1/auth/logout",
					"Bearer error=\"invalid_token\", scope=\"openid\"");
			challenges.forEach((path,
					challenge) -> services.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(401)
						.withHeader("Content-Type", "application/problem+json")
						.withHeader("WWW-Authenticate", challenge)
						.withBody("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
								+ "\"detail\":\"wrong username or password\"}"))));

			challenges.keySet().forEach((path) -> {
				Raw response = raw("POST", path, "Content-Type: application/json", "Content-Length: 2", "", "{}");
				assertThat(response.status()).as(path).isEqualTo(401);
				assertThat(response.headers().get("www-authenticate")).as(path).isEqualTo(expected.get(path));
				assertNoAddress(path, response);
			});
		}

		void assertNoAddress(String what, Raw response) {
			assertThat(response.head() + response.body()).as(what)
				.doesNotContain("127.0.0.1")
				.doesNotContain(":" + services.port())
				.doesNotContain("resource_metadata");
		}

	}

	/** The headers every page has, once each; returns the body. */
	static String assertPage(WebTestClient.ResponseSpec response, int status) {
		EntityExchangeResult<String> result = response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType("text/html;charset=UTF-8")
			.expectBody(String.class)
			.returnResult();
		HttpHeaders headers = result.getResponseHeaders();
		assertThat(headers.get(HttpHeaders.CACHE_CONTROL)).containsExactly("no-cache");
		assertThat(headers.get("Content-Security-Policy")).containsExactly(CSP);
		assertThat(headers.get("X-Content-Type-Options")).containsExactly("nosniff");
		assertThat(headers.get("Referrer-Policy")).containsExactly("same-origin");
		assertThat(headers.get("X-Frame-Options")).containsExactly("DENY");
		assertThat(headers.get(HttpHeaders.PRAGMA)).isNull();
		assertThat(headers.get(HttpHeaders.EXPIRES)).isNull();
		return (result.getResponseBody() != null) ? result.getResponseBody() : "";
	}

	WebTestClient.ResponseSpec navigate(String path) {
		return this.http.get().uri(path).header(HttpHeaders.ACCEPT, NAVIGATION).exchange();
	}

	String assets() {
		return "/assets/" + this.ui.version();
	}

	WebTestClient.ResponseSpec asset(String path) {
		return this.http.get().uri(assets() + "/" + path).exchange();
	}

	/** The page as the app's author wrote it, from the classpath. */
	static String bundled(String name) {
		return new String(bundledFiles().get(name), StandardCharsets.UTF_8);
	}

	/** Every file under {@code web/} of the classpath, read by the test itself. */
	static Map<String, byte[]> bundledFiles() {
		Map<String, byte[]> files = new TreeMap<>();
		try {
			Path root = new ClassPathResource("web/").getFile().toPath();
			try (Stream<Path> walk = Files.walk(root)) {
				for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
					files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return files;
	}

	record Raw(int status, String head, Map<String, String> headers, String body) {

		String contentType() {
			return this.headers.get("content-type");
		}

	}

	Raw rawGet(String target, String... headers) {
		return raw("GET", target, headers);
	}

	/**
	 * One request with its target sent byte for byte as given: no client normalises or
	 * re-encodes it. An empty header line ends the headers; what follows is the body.
	 */
	Raw raw(String method, String target, String... lines) {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(20_000);
			StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
			List<String> body = new ArrayList<>();
			boolean inBody = false;
			for (String line : lines) {
				if (inBody) {
					body.add(line);
				}
				else if (line.isEmpty()) {
					inBody = true;
				}
				else {
					request.append(line).append("\r\n");
				}
			}
			request.append("Connection: close\r\n\r\n").append(String.join("\r\n", body));
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			in.transferTo(all);
			String response = all.toString(StandardCharsets.ISO_8859_1);
			int status = Integer.parseInt(response.substring(9, 12));
			int bodyStart = response.indexOf("\r\n\r\n");
			String head = response.substring(0, Math.max(0, bodyStart));
			Map<String, String> parsed = new TreeMap<>();
			for (String line : head.split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0) {
					parsed.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
				}
			}
			return new Raw(status, head, parsed, (bodyStart < 0) ? "" : response.substring(bodyStart + 4));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * {@code gateway.web.dir}: the app read from a directory on every request, for its
	 * author (the handler alone, without the gateway around it).
	 */
	@Nested
	class FromADirectory {

		@TempDir
		Path dir;

		@TempDir
		Path elsewhere;

		WebTestClient direct;

		DirectoryFiles files;

		@BeforeEach
		void app() throws IOException {
			Files.createDirectories(this.dir.resolve("app"));
			Files.writeString(this.dir.resolve("index.html"), "<script src=\"{{assets}}/app/main.js\"></script>");
			Files.writeString(this.dir.resolve("not-found.html"), "<p>nothing at {{assets}}</p>");
			Files.writeString(this.dir.resolve("app/main.js"), "console.log(1);");
			this.files = new DirectoryFiles(this.dir, BundledFiles.load(getClass().getClassLoader()));
			this.direct = WebTestClient.bindToRouterFunction(WebConfiguration.routes(new WebUi(this.files)))
				.configureClient()
				.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(LARGEST_FILE))
				.build();
		}

		@Test
		void shouldServeWhatTheDirectoryHoldsNowWithoutCaching() throws IOException {
			String assets = "/assets/" + this.files.version();

			this.direct.get()
				.uri("/")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("<script src=\"" + assets + "/app/main.js\"></script>");
			this.direct.get()
				.uri(assets + "/app/main.js")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
				.expectHeader()
				.contentType("text/javascript;charset=UTF-8")
				.expectBody(String.class)
				.isEqualTo("console.log(1);");

			Files.writeString(this.dir.resolve("app/main.js"), "console.log(2);");
			Files.writeString(this.dir.resolve("app/new.js"), "export {};");
			Files.writeString(this.dir.resolve("index.html"), "<p>{{assets}}</p>");

			this.direct.get()
				.uri(assets + "/app/main.js")
				.exchange()
				.expectBody(String.class)
				.isEqualTo("console.log(2);");
			this.direct.get().uri(assets + "/app/new.js").exchange().expectBody(String.class).isEqualTo("export {};");
			this.direct.get().uri("/login").exchange().expectBody(String.class).isEqualTo("<p>" + assets + "</p>");
			this.direct.get()
				.uri("/nothing")
				.header(HttpHeaders.ACCEPT, NAVIGATION)
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectBody(String.class)
				.isEqualTo("<p>nothing at " + assets + "</p>");
		}

		@Test
		void shouldFallBackToTheBuiltLibrariesOnly() throws IOException {
			String assets = "/assets/" + this.files.version();

			this.direct.get()
				.uri(assets + "/vendor/hls.min.mjs")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(byte[].class)
				.isEqualTo(bundledFiles().get("vendor/hls.min.mjs"));
			Files.createDirectories(this.dir.resolve("vendor"));
			Files.writeString(this.dir.resolve("vendor/hls.min.mjs"), "export default 'local';");
			this.direct.get()
				.uri(assets + "/vendor/hls.min.mjs")
				.exchange()
				.expectBody(String.class)
				.isEqualTo("export default 'local';");
			// The built app's own files are not mixed in.
			this.direct.get().uri(assets + "/app/icon.svg").exchange().expectStatus().isNotFound();
		}

		@Test
		void shouldNeverReadOutsideTheDirectory() throws IOException {
			Path outside = Files.writeString(this.elsewhere.resolve("secret.js"), "SECRET");
			Files.createSymbolicLink(this.dir.resolve("app/link.js"), outside);
			String assets = "/assets/" + this.files.version();

			this.direct.get().uri(assets + "/app/link.js").exchange().expectStatus().isNotFound();
			this.direct.get().uri(assets + "/app").exchange().expectStatus().isNotFound();
			assertThat(this.files.find("../" + this.elsewhere.getFileName() + "/secret.js")).isEmpty();
			assertThat(this.files.find("app/../../" + this.elsewhere.getFileName() + "/secret.js")).isEmpty();
			assertThat(this.files.find("app")).isEmpty();
		}

	}

	@Nested
	class Version {

		@Test
		void shouldChangeWithAnyFilesPathOrContent() {
			Map<String, byte[]> app = Map.of("app/main.js", new byte[] { 1 }, "app/x.js", new byte[] { 2 });
			String version = WebFiles.versionOf(new TreeMap<>(app));

			assertThat(WebFiles.versionOf(new TreeMap<>(app))).isEqualTo(version).matches("[0-9a-f]{12}");
			assertThat(WebFiles
				.versionOf(new TreeMap<>(Map.of("app/main.js", new byte[] { 1 }, "app/x.js", new byte[] { 3 }))))
				.isNotEqualTo(version);
			assertThat(WebFiles
				.versionOf(new TreeMap<>(Map.of("app/main.js", new byte[] { 1 }, "app/y.js", new byte[] { 2 }))))
				.isNotEqualTo(version);
			assertThat(WebFiles.versionOf(new TreeMap<>(Map.of("app/main.js", new byte[] { 1 }))))
				.isNotEqualTo(version);
		}

		@Test
		void shouldBeTheOneOfTheBuiltAppUnlessADirectoryIsSet() {
			assertThat(WebUiTests.this.ui.version())
				.isEqualTo(BundledFiles.load(getClass().getClassLoader()).version());
		}

	}

}
