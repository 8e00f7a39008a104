package dev.mediaplatform.gateway.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mediaplatform.gateway.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One rule for byte ranges on every file the gateway serves (ByteRanges): live playlists
 * and segments, recording chunks and thumbnails answer one range with 206, a range beyond
 * the file with a 416 problem detail naming the length, and ignore every other
 * {@code Range} (malformed, another unit, several ranges) with the whole file. Exports
 * refuse instants past what chunk names can hold as bad requests.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ByteRangeTests {

	static final Path root = Path.of("target/byte-range-tests", UUID.randomUUID().toString()).toAbsolutePath();

	static final Path storage = root.resolve("storage");

	static final KeyPair signingKeys = TestServices.rsa();

	static final WireMockServer services = TestServices.start(signingKeys);

	static final String alice = TestServices.token(signingKeys, "alice-id");

	static final String cameraId = UUID.randomUUID().toString();

	static final long start = Instant.parse("2026-03-05T07:08:09.123Z").toEpochMilli();

	static final byte[] segment = random(4096);

	static final byte[] chunk = random(3000);

	static final byte[] thumbnail = random(2000);

	static final byte[] playlist = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nrun1-7.ts\n"
		.getBytes(StandardCharsets.UTF_8);

	@LocalServerPort
	int port;

	WebTestClient http;

	@DynamicPropertySource
	static void platform(DynamicPropertyRegistry registry) {
		write(storage.resolve("live/" + cameraId + "/index.m3u8"), playlist);
		write(storage.resolve("live/" + cameraId + "/run1-7.ts"), segment);
		write(storage.resolve("recordings/" + cameraId + "/2026/03/05/" + start + ".mp4"), chunk);
		write(storage.resolve("recordings/" + cameraId + "/2026/03/05/" + start + ".jpg"), thumbnail);
		registry.add("gateway.streams.storage-dir", storage::toString);
		registry.add("gateway.streams.key-file", () -> root.resolve("stream-url.key").toString());
		registry.add("gateway.streams.generate-key", () -> "true");
		TestServices.discover(registry, services);
		services.stubFor(get(urlPathEqualTo("/api/v1/cameras/" + cameraId))
			.withHeader("Authorization", equalTo("Bearer " + alice))
			.atPriority(1)
			.willReturn(okJson("{\"id\":\"" + cameraId + "\"}")));
	}

	@AfterAll
	static void stopServices() {
		services.stop();
	}

	@BeforeEach
	void client() {
		this.http = TestServices.client(this.port);
	}

	/** Every file the gateway serves, with its content. */
	record ServedFile(String path, byte[] content) {
	}

	static List<ServedFile> files() {
		String recordings = "/api/v1/cameras/" + cameraId + "/recordings/" + start;
		return List.of(new ServedFile("/streams/" + cameraId + "/index.m3u8", playlist),
				new ServedFile("/streams/" + cameraId + "/run1-7.ts", segment), new ServedFile(recordings, chunk),
				new ServedFile(recordings + "/thumbnail.jpg", thumbnail));
	}

	WebTestClient.ResponseSpec fetch(String path, String range) {
		return this.http.get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + alice)
			.header(HttpHeaders.RANGE, range)
			.exchange();
	}

	@Nested
	class OneRange {

		@Test
		void shouldAnswerPartialContentOnEveryFile() {
			for (ServedFile file : files()) {
				int length = file.content().length;
				fetch(file.path(), "bytes=10-19").expectStatus()
					.isEqualTo(206)
					.expectHeader()
					.valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 10-19/" + length)
					.expectBody(byte[].class)
					.isEqualTo(Arrays.copyOfRange(file.content(), 10, 20));
				fetch(file.path(), "bytes=-5").expectStatus()
					.isEqualTo(206)
					.expectHeader()
					.valueEquals(HttpHeaders.CONTENT_RANGE,
							"bytes " + (length - 5) + "-" + (length - 1) + "/" + length);
			}
		}

		@ParameterizedTest
		@ValueSource(strings = { "bytes=999999-", "bytes=999999-1000000", "bytes=-0" })
		void shouldAnswerAProblemNamingTheLengthWhenItIsBeyondTheFile(String range) {
			for (ServedFile file : files()) {
				WebTestClient.ResponseSpec response = fetch(file.path(), range);
				JsonNode problem = TestServices.assertProblem(response, 416);
				response.expectHeader().valueEquals(HttpHeaders.CONTENT_RANGE, "bytes */" + file.content().length);
				assertThat(problem.path("detail").asString()).as(file.path())
					.contains(Integer.toString(file.content().length));
			}
		}

	}

	@Nested
	class IgnoredRanges {

		@ParameterizedTest
		@ValueSource(strings = { "bytes=abc", "items=0-1", "bytes=5-2", "bytes", "bytes=0-1,5-9", "bytes=0-1, 0-1, 0-1",
				"bytes=999999-,0-1" })
		void shouldServeTheWholeFile(String range) {
			for (ServedFile file : files()) {
				fetch(file.path(), range).expectStatus()
					.isOk()
					.expectHeader()
					.doesNotExist(HttpHeaders.CONTENT_RANGE)
					.expectHeader()
					.contentLength(file.content().length)
					.expectBody(byte[].class)
					.isEqualTo(file.content());
			}
		}

	}

	@Nested
	class Exports {

		@Test
		void shouldRefuseInstantsBeyondWhatAChunkCanBeNamedAsBadRequests() {
			String export = "/api/v1/cameras/" + cameraId + "/recordings/export.mp4";

			for (String query : List.of("?from=+292278995-01-01T00:00:00Z&to=+292278995-01-01T01:00:00Z",
					"?from=-292275055-01-01T00:00:00Z&to=-292275055-01-01T01:00:00Z",
					"?from=2026-03-05T07:00:00Z&to=+1000000000-12-31T23:59:59Z")) {
				JsonNode problem = TestServices.assertProblem(fetch(export + query, "bytes=0-1"), 400);
				assertThat(problem.path("detail").asString()).contains("ISO-8601 instant");
			}
		}

	}

	static byte[] random(int length) {
		byte[] bytes = new byte[length];
		new Random(length).nextBytes(bytes);
		return bytes;
	}

	static void write(Path file, byte[] content) {
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
