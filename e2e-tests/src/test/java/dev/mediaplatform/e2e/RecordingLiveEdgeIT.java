package dev.mediaplatform.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.RtspTestCamera;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.mediaplatform.e2e.RecordingIT.addCamera;
import static dev.mediaplatform.e2e.RecordingIT.awaitCompleteChunks;
import static dev.mediaplatform.e2e.RecordingIT.bytes;
import static dev.mediaplatform.e2e.RecordingIT.concat;
import static dev.mediaplatform.e2e.RecordingIT.encode;
import static dev.mediaplatform.e2e.RecordingIT.fetch;
import static dev.mediaplatform.e2e.RecordingIT.list;
import static dev.mediaplatform.e2e.RecordingIT.probe;
import static dev.mediaplatform.e2e.RecordingIT.put;
import static dev.mediaplatform.e2e.RecordingIT.recordings;
import static dev.mediaplatform.e2e.RecordingIT.share;
import static dev.mediaplatform.e2e.RecordingIT.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recording played into its live edge: the chunk being written is in the growing
 * playback playlist with the fragments written so far (a few seconds behind, not a whole
 * chunk), a moment inside it plays, its file is served as far as it is complete (a
 * playable MP4), hls.js in Chromium plays the growing playlist on, and a stranger still
 * gets 404. The shared platform cuts chunks every {@value RecordingIT#CHUNK_SECONDS} s,
 * so a chunk is open with settled fragments for about a second at a time; the test
 * watches for such moments, and fails when the open chunk is never reachable.
 */
class RecordingLiveEdgeIT {

	static final ApiClient gateway = SharedPlatform.gateway();

	static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([0-9]+)\\.mp4\",BYTERANGE=\"([0-9]+)@0\"");

	static final Pattern DATE = Pattern.compile("#EXT-X-PROGRAM-DATE-TIME:(\\S+)");

	static final Pattern SEGMENT = Pattern
		.compile("#EXTINF:([0-9.]+),\n#EXT-X-BYTERANGE:([0-9]+)@([0-9]+)\n([0-9]+)\\.mp4");

	static final Duration WATCH = Duration.ofSeconds(60);

	static RtspTestCamera camera;

	@BeforeAll
	static void startCamera() throws Exception {
		HlsPlaybackIT.installBrowser();
		camera = RtspTestCamera.start(RtspTestCamera.Options.defaults());
	}

	@AfterAll
	static void stopCamera() {
		if (camera != null) {
			camera.close();
		}
	}

	@Test
	void shouldPlayTheChunkBeingWrittenWithinSecondsOfLive() throws Exception {
		TestUser alice = TestUser.register(gateway, "edge");
		TestUser viewer = TestUser.register(gateway, "edge");
		TestUser stranger = TestUser.register(gateway, "edge");
		String id = addCamera(alice, camera.url(1));
		share(alice, id, viewer, "viewer");
		try {
			Response on = put("/api/v1/cameras/" + id + "/recording", "{\"enabled\":true}", alice.token());
			assertThat(on.status()).as(on.body()).isEqualTo(200);
			String from = awaitCompleteChunks(alice, id, 1).get(0).path("startedAt").asString();
			String growing = recordings(id) + "/playback.m3u8?from=" + encode(from);

			OpenChunk open = awaitOpenChunkInPlaylist(alice, viewer, id, growing);
			System.out.println("recording live edge: chunk " + open.id() + " listed while written, " + open.lagMillis()
					+ " ms behind the clock");
			assertThat(open.playlist()).contains("#EXT-X-PLAYLIST-TYPE:EVENT").doesNotContain("#EXT-X-ENDLIST");
			// A few seconds (the progress interval, a segment, and up to 2 s of a chained
			// chunk start's drift from the clock), never a whole chunk of 60 s as
			// shipped.
			assertThat(open.lagMillis()).as("how far the growing playlist ends behind the clock: " + open.playlist())
				.isLessThan(8_000);

			// What a player fetches of the open chunk decodes: its init, then a segment.
			byte[] init = bytes(fetch(recordings(id) + "/" + open.id() + ".mp4", viewer.token(), "Range",
					"bytes=0-" + (open.initSize() - 1)));
			byte[] media = bytes(fetch(recordings(id) + "/" + open.id() + ".mp4", viewer.token(), "Range",
					"bytes=" + open.offset() + "-" + (open.offset() + open.size() - 1)));
			assertThat(probe(concat(init, media))).contains("codec_name=h264", "width=1280")
				.containsPattern("nb_read_frames=[1-9][0-9]*");

			// A moment inside it, as the web UI asks when one is picked on the timeline.
			Instant moment = Instant.ofEpochMilli(Long.parseLong(open.id()) + 300);
			HttpResponse<byte[]> inside = fetch(recordings(id) + "/playback.m3u8?from=" + encode(moment.toString())
					+ "&to=" + encode(moment.plusMillis(500).toString()), viewer.token());
			assertThat(inside.statusCode()).as(text(inside)).isEqualTo(200);
			assertThat(text(inside)).contains("URI=\"" + open.id() + ".mp4\"", "#EXT-X-ENDLIST");

			// The file of a chunk being written: what is complete of it, a playable MP4.
			byte[] partial = awaitGrowingDownload(viewer, id);
			assertThat(probe(partial)).contains("codec_name=h264").containsPattern("nb_read_frames=[1-9][0-9]*");

			// Strangers get nothing, as for any recording.
			assertThat(fetch(growing, stranger.token()).statusCode()).isEqualTo(404);
			assertThat(fetch(recordings(id) + "/" + open.id(), stranger.token()).statusCode()).isEqualTo(404);

			// hls.js in Chromium on the growing playlist: it starts near its end and
			// plays
			// on as the recording grows, instead of stalling at a chunk's end.
			JsonNode played = HlsPlaybackIT.play(
					gateway.baseUrl() + recordings(id) + "/playback.m3u8?from="
							+ encode(Instant.now().minusSeconds(20).toString()),
					8, Map.of("HLS_BEARER", viewer.token()));
			String seen = played.toString();
			assertThat(played.path("fatalError").isNull()).as(seen).isTrue();
			assertThat(played.path("playing").asBoolean()).as(seen).isTrue();
			assertThat(played.path("videoWidth").asInt()).as(seen).isEqualTo(1280);
			assertThat(played.path("advanced").asDouble()).as(seen).isGreaterThan(4);
		}
		finally {
			gateway.post("/deleteCamera", Map.of("cameraId", id), alice.auth());
		}
	}

	/**
	 * The growing playlist once it lists a chunk that the list, asked afterwards, still
	 * shows as being written: it was played from its announced progress, not its close.
	 */
	static OpenChunk awaitOpenChunkInPlaylist(TestUser owner, TestUser viewer, String cameraId, String playlistPath)
			throws Exception {
		long deadline = System.nanoTime() + WATCH.toNanos();
		String last = "";
		while (System.nanoTime() < deadline) {
			HttpResponse<byte[]> playlist = fetch(playlistPath, viewer.token());
			Instant asked = Instant.now();
			assertThat(playlist.statusCode()).as(text(playlist)).isEqualTo(200);
			last = text(playlist);
			Optional<OpenChunk> newest = newestChunk(last, asked);
			if (newest.isPresent()) {
				String newestId = newest.get().id();
				boolean stillOpen = list(owner, cameraId).stream()
					.anyMatch((chunk) -> chunk.path("id").asString().equals(newestId)
							&& !chunk.path("complete").asBoolean());
				if (stillOpen) {
					return newest.get();
				}
			}
			Thread.sleep(150);
		}
		throw new AssertionError("the growing playlist never listed the chunk being written within " + WATCH
				+ " (it follows only closed chunks); the last one: " + last);
	}

	/** The last chunk of a playlist: its id, init, first segment, and where it ends. */
	static Optional<OpenChunk> newestChunk(String playlist, Instant asked) {
		int at = playlist.lastIndexOf("#EXT-X-MAP:");
		if (at < 0) {
			return Optional.empty();
		}
		String part = playlist.substring(at);
		Matcher map = MAP.matcher(part);
		Matcher date = DATE.matcher(part);
		Matcher segment = SEGMENT.matcher(part);
		if (!map.find() || !date.find() || !segment.find()) {
			return Optional.empty();
		}
		long offset = Long.parseLong(segment.group(3));
		long size = Long.parseLong(segment.group(2));
		double seconds = Double.parseDouble(segment.group(1));
		while (segment.find()) {
			seconds += Double.parseDouble(segment.group(1));
		}
		long end = Instant.parse(date.group(1)).toEpochMilli() + Math.round(seconds * 1000);
		return Optional.of(new OpenChunk(map.group(1), Long.parseLong(map.group(2)), offset, size,
				asked.toEpochMilli() - end, playlist));
	}

	/**
	 * The whole file of the newest chunk while it is still being written (served
	 * {@code no-cache}), smaller than it ends up.
	 */
	static byte[] awaitGrowingDownload(TestUser viewer, String cameraId) throws Exception {
		long deadline = System.nanoTime() + WATCH.toNanos();
		while (System.nanoTime() < deadline) {
			List<JsonNode> chunks = list(viewer, cameraId);
			Optional<JsonNode> open = chunks.stream()
				.filter((chunk) -> !chunk.path("complete").asBoolean())
				.findFirst();
			if (open.isPresent()) {
				String path = recordings(cameraId) + "/" + open.get().path("id").asString();
				HttpResponse<byte[]> file = fetch(path, viewer.token());
				boolean growing = file.headers()
					.firstValue("Cache-Control")
					.filter((value) -> value.contains("no-cache"))
					.isPresent();
				if (file.statusCode() == 200 && growing) {
					assertThat(file.headers().firstValue("Content-Length"))
						.hasValue(Integer.toString(file.body().length));
					return file.body();
				}
			}
			Thread.sleep(150);
		}
		throw new AssertionError("the chunk being written was never served within " + WATCH);
	}

	/**
	 * The newest chunk of a growing playlist.
	 *
	 * @param id its recording id
	 * @param initSize bytes of its initialization
	 * @param offset where its first listed segment starts
	 * @param size that segment's length
	 * @param lagMillis how long before the playlist was fetched its last segment ends
	 * @param playlist the playlist
	 */
	record OpenChunk(String id, long initSize, long offset, long size, long lagMillis, String playlist) {
	}

}
