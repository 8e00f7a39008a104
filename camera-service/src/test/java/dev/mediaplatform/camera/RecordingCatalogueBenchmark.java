package dev.mediaplatform.camera;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.EmbeddedMongo;
import dev.mediaplatform.localstack.PortGuard;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.mediaplatform.localstack.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue benchmark ({@code benchmarks/recording-catalogue}, not part of
 * {@code ./mvnw verify}: it runs only with {@code -Dbenchmark=true}). In one run, over
 * HTTP against the real camera-service: a camera with a day of one-minute chunks (1,440)
 * and one with 30 days (43,200), the list, the timeline and playback playlists, each
 * timed many times; and, as the baseline, what a server without a catalogue does for a
 * list (MediaMTX's {@code /list}): walk the day folders of the same number of chunk files
 * and read their names. Writes a Markdown report to {@code benchmark.out}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@EmbeddedKafka(partitions = 1)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
class RecordingCatalogueBenchmark {

	static final EmbeddedMongo mongo = EmbeddedMongo.startInMemory();

	static final int socketIoPort = PortGuard.freePort();

	static final int WARMUP = 5;

	static final int REPEATS = Integer.getInteger("benchmark.repeats", 30);

	static final long MINUTE = 60_000L;

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongoTemplate;

	@DynamicPropertySource
	static void stores(DynamicPropertyRegistry registry) {
		registry.add("camera.realtime.port", () -> socketIoPort);
		registry.add("spring.mongodb.uri", () -> mongo.connectionString("recording-catalogue-benchmark"));
		registry.add("spring.cloud.discovery.client.simple.instances.auth-service[0].uri", TestAuthService::url);
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	/** One catalogue size: a camera and its chunks, ending 5 minutes ago. */
	record Catalogue(String name, String cameraId, int chunks, long firstStart) {

		long lastEnd() {
			return this.firstStart + this.chunks * MINUTE - 500;
		}

		String range() {
			return "?from=" + iso(this.firstStart) + "&to=" + iso(lastEnd());
		}

	}

	record Timing(String what, String size, double[] millis, int bytes) {

		double median() {
			return percentile(0.5);
		}

		double percentile(double p) {
			double[] sorted = this.millis.clone();
			Arrays.sort(sorted);
			return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
		}

		double max() {
			return Arrays.stream(this.millis).max().orElse(0);
		}

	}

	@Test
	void measure() throws Exception {
		Instant began = Instant.now();
		ApiClient api = new ApiClient("http://localhost:" + this.port);
		TestAuthService.User alice = TestAuthService.user("bench-" + UUID.randomUUID().toString().substring(0, 6));
		String[] asAlice = bearer(alice.token());
		long now = System.currentTimeMillis();
		Catalogue day = catalogue(api, asAlice, "1 day", 1_440, now);
		Catalogue month = catalogue(api, asAlice, "30 days", 43_200, now);
		Path files = Files.createTempDirectory("recording-catalogue-benchmark");

		List<Timing> timings = new ArrayList<>();
		// Every query of both sizes runs before any is timed: the first big answers warm
		// the JIT, which would otherwise count against whichever size runs first.
		for (Catalogue catalogue : List.of(day, month)) {
			for (String query : queries(catalogue).values()) {
				time(() -> {
					api.get(query, asAlice);
					return null;
				});
			}
		}
		for (Catalogue catalogue : List.of(day, month)) {
			Map<String, String> queries = queries(catalogue);
			for (Map.Entry<String, String> query : queries.entrySet()) {
				int[] bytes = new int[1];
				double[] millis = time(() -> {
					Response response = api.get(query.getValue(), asAlice);
					assertThat(response.status()).as(query.getKey() + ": " + response.body()).isEqualTo(200);
					bytes[0] = response.body().getBytes(StandardCharsets.UTF_8).length;
					return null;
				});
				timings.add(new Timing(query.getKey(), catalogue.name(), millis, bytes[0]));
			}
			Path folder = writeChunkFiles(files.resolve(catalogue.cameraId()), catalogue);
			int[] found = new int[1];
			double[] walk = time(() -> {
				found[0] = walkList(folder, catalogue.firstStart(), catalogue.lastEnd());
				return null;
			});
			assertThat(found[0]).isEqualTo(catalogue.chunks());
			timings
				.add(new Timing("baseline: list by walking the chunk files (no catalogue)", catalogue.name(), walk, 0));
		}
		deleteTree(files);
		report(began, day, month, timings);
	}

	static Map<String, String> queries(Catalogue catalogue) {
		String base = "/api/v1/cameras/" + catalogue.cameraId() + "/recordings";
		int lastPage = (catalogue.chunks() - 1) / 50;
		long pastHour = catalogue.firstStart() + (catalogue.chunks() / 2) * MINUTE;
		long pastDay = catalogue.lastEnd() - 24 * 60 * MINUTE;
		Map<String, String> queries = new LinkedHashMap<>();
		queries.put("list: first page of 50, whole range", base + catalogue.range() + "&size=50");
		queries.put("list: last page of 50, whole range", base + catalogue.range() + "&size=50&page=" + lastPage);
		queries.put("timeline: whole range", base + "/timeline" + catalogue.range());
		queries.put("playback playlist: one hour in the past (playback start)",
				base + "/playback.m3u8?from=" + iso(pastHour) + "&to=" + iso(pastHour + 60 * MINUTE));
		queries.put("playback playlist: the last 24 hours",
				base + "/playback.m3u8?from=" + iso(pastDay) + "&to=" + iso(catalogue.lastEnd()));
		return queries;
	}

	/** Inserts a camera's one-minute chunks, 30 two-second segments each. */
	Catalogue catalogue(ApiClient api, String[] owner, String name, int chunks, long now) {
		Response added = api.post("/api/v1/cameras",
				Map.of("name", "Bench " + name, "rtspUrl", "rtsp://camera.example:554/" + chunks), owner);
		assertThat(added.status()).as(added.body()).isEqualTo(201);
		String cameraId = added.json().path("id").asString();
		long first = now - 5 * MINUTE - chunks * MINUTE;
		List<Document> documents = new ArrayList<>(5000);
		for (int i = 0; i < chunks; i++) {
			long start = first + i * MINUTE;
			List<Document> segments = new ArrayList<>(30);
			for (int s = 0; s < 30; s++) {
				segments.add(new Document("offset", 1000L + s * 100_000L).append("size", 100_000L)
					.append("durationMillis", 2000L));
			}
			documents.add(new Document("_id", cameraId + ":" + start).append("cameraId", cameraId)
				.append("startMillis", start)
				.append("endMillis", start + 59_500)
				.append("durationMillis", 59_500L)
				.append("bytes", 3_001_000L)
				.append("codec", "h264")
				.append("complete", true)
				.append("recovered", false)
				.append("initSize", 1000L)
				.append("segments", segments)
				.append("path", "recordings/" + cameraId + "/" + start + ".mp4")
				.append("workerId", "worker-1"));
			if (documents.size() == 5000 || i == chunks - 1) {
				this.mongoTemplate.getCollection("recordings").insertMany(documents);
				documents = new ArrayList<>(5000);
			}
		}
		return new Catalogue(name, cameraId, chunks, first);
	}

	static double[] time(Callable<Void> action) throws Exception {
		for (int i = 0; i < WARMUP; i++) {
			action.call();
		}
		double[] millis = new double[REPEATS];
		for (int i = 0; i < REPEATS; i++) {
			long started = System.nanoTime();
			action.call();
			millis[i] = (System.nanoTime() - started) / 1e6;
		}
		return millis;
	}

	/**
	 * Empty chunk files where the storage layout puts them: {yyyy}/{MM}/{dd}/{start}.mp4.
	 */
	static Path writeChunkFiles(Path folder, Catalogue catalogue) throws IOException {
		for (int i = 0; i < catalogue.chunks(); i++) {
			long start = catalogue.firstStart() + i * MINUTE;
			LocalDateTime at = LocalDateTime.ofEpochSecond(start / 1000, 0, ZoneOffset.UTC);
			Path day = folder.resolve(DateTimeFormatter.ofPattern("uuuu/MM/dd").format(at));
			Files.createDirectories(day);
			Files.createFile(day.resolve(start + ".mp4"));
		}
		return folder;
	}

	/**
	 * What a server without a catalogue does for each list: walk the camera's folders,
	 * read every chunk's name and size, keep those in the range, sorted.
	 */
	static int walkList(Path folder, long from, long to) throws IOException {
		List<long[]> found = new ArrayList<>();
		try (Stream<Path> paths = Files.walk(folder)) {
			paths.filter((path) -> path.getFileName().toString().endsWith(".mp4")).forEach((path) -> {
				String name = path.getFileName().toString();
				long start = Long.parseLong(name.substring(0, name.length() - 4));
				if (start <= to && start + MINUTE > from) {
					try {
						found.add(new long[] { start, Files.size(path) });
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}
			});
		}
		found.sort((a, b) -> Long.compare(a[0], b[0]));
		return found.size();
	}

	void report(Instant began, Catalogue day, Catalogue month, List<Timing> timings) throws IOException {
		StringBuilder md = new StringBuilder();
		md.append("# Recording catalogue benchmark: list, timeline and playback playlists at 1 and 30 days\n\n")
			.append("Run ")
			.append(began)
			.append(" to ")
			.append(Instant.now())
			.append(" with `benchmarks/recording-catalogue`.\n\n")
			.append("- Machine: ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, Java ")
			.append(System.getProperty("java.version"))
			.append(", max heap ")
			.append(Runtime.getRuntime().maxMemory() >> 20)
			.append(" MB\n")
			.append("- camera-service over HTTP on localhost (the real service: security with a bearer token, the ")
			.append("camera's access check, the catalogue query, JSON or the playlist written), its catalogue in the ")
			.append("MongoDB stand-in the tests use (mongo-java-server, in memory, in the same JVM; a real MongoDB ")
			.append("answers the same index range scans from its B-tree, this stand-in scans its documents): ")
			.append(day.chunks())
			.append(" one-minute chunks for one camera, ")
			.append(month.chunks())
			.append(" for another, 30 two-second segments each.\n")
			.append("- Each figure: ")
			.append(WARMUP)
			.append(" warm-up requests of every query of both sizes first, then ")
			.append(REPEATS)
			.append(" timed one after another, from sending the request to the whole body read.\n")
			.append("- Baseline: what a recorder without a catalogue does for every list (MediaMTX's `/list` opens ")
			.append("every file): walk the camera's `{yyyy}/{MM}/{dd}` folders on the local disk, read each chunk's ")
			.append("name and size, keep and sort those in the range. Empty files, so no reading of contents.\n\n")
			.append("## Results (ms)\n\n")
			.append("| query | catalogue | median | p90 | max | answer size |\n|---|---|---|---|---|---|\n");
		for (Timing timing : timings) {
			md.append(String.format("| %s | %s | %.1f | %.1f | %.1f | %s |%n", timing.what(), timing.size(),
					timing.median(), timing.percentile(0.9), timing.max(),
					(timing.bytes() > 0) ? String.format("%,d bytes", timing.bytes()) : "-"));
		}
		md.append("\n## Ratios\n\n")
			.append("| query | 30 days / 1 day (medians) | catalogue / file walk, 30 days (medians) |\n|---|---|---|\n");
		Timing walkMonth = find(timings, "baseline", month.name());
		for (Timing timing : timings) {
			if (!timing.size().equals(month.name())) {
				continue;
			}
			Timing atDay = find(timings, timing.what(), day.name());
			md.append(String.format("| %s | %.2f× | %s |%n", timing.what(), timing.median() / atDay.median(),
					timing.what().startsWith("list") ? String.format("%.2f×", timing.median() / walkMonth.median())
							: "-"));
		}
		md.append("\nGoal from the issue: the first playable playlist for a range in the past in under 300 ms on ")
			.append("this machine; measured: ")
			.append(String.format("%.1f ms median, %.1f ms max (one hour three weeks back in 30 days of chunks)",
					find(timings, "playback playlist: one hour", month.name()).median(),
					find(timings, "playback playlist: one hour", month.name()).max()))
			.append(". The chunk files the playlist names are then served by the gateway from the storage ")
			.append("(zero-copy, byte ranges), as live segments are.\n");
		String text = md.toString();
		System.out.println(text);
		String out = System.getProperty("benchmark.out");
		if (out != null && !out.isBlank()) {
			Path path = Path.of(out);
			Files.createDirectories(path.toAbsolutePath().getParent());
			Files.writeString(path, text);
		}
	}

	static Timing find(List<Timing> timings, String prefix, String size) {
		return timings.stream()
			.filter((timing) -> timing.what().startsWith(prefix) && timing.size().equals(size))
			.findFirst()
			.orElseThrow();
	}

	static String iso(long millis) {
		return Instant.ofEpochMilli(millis).toString();
	}

	static void deleteTree(Path root) throws IOException {
		try (Stream<Path> paths = Files.walk(root)) {
			paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach((path) -> {
				try {
					Files.delete(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
