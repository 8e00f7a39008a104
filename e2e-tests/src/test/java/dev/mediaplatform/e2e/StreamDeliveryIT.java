package dev.mediaplatform.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.PortGuard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.mediaplatform.localstack.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live HLS through the gateway of a running platform, with two real accounts: the gateway
 * serves what a worker wrote to the shared storage to the camera's owner (bearer token)
 * and to anyone holding the signed URL that {@code POST /startStream} answers, to nobody
 * else, and to a viewer once the camera is shared. The test writes the playlist and
 * segment itself; the camera points at a closed port, so the worker never has anything to
 * write there (it keeps files a resumable playlist lists).
 */
class StreamDeliveryIT {

	static final String SEGMENT = "e2e-1.ts";

	static ApiClient gateway;

	@BeforeAll
	static void platform() {
		gateway = SharedPlatform.gateway();
	}

	@Test
	void shouldDeliverLiveHlsOnlyToThoseAllowedToWatch() throws InterruptedException {
		TestUser alice = TestUser.register(gateway, "hls");
		TestUser bob = TestUser.register(gateway, "hls");
		Response added = gateway.post("/addCamera",
				Map.of("name", "Hall", "rtspUrl", "rtsp://127.0.0.1:" + PortGuard.freePort() + "/live"), alice.auth());
		assertThat(added.status()).as(added.body()).isEqualTo(200);
		String id = added.json().path("id").asString();
		String playlistPath = "/streams/" + id + "/index.m3u8";
		String segmentPath = "/streams/" + id + "/" + SEGMENT;
		String playlist = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\n" + SEGMENT + "\n";
		String segment = "segment of " + id;
		writeLive(id, playlist, segment);

		Response ownPlaylist = gateway.get(playlistPath, alice.auth());
		assertThat(ownPlaylist.status()).as(ownPlaylist.body()).isEqualTo(200);
		assertThat(ownPlaylist.body()).isEqualTo(playlist);
		assertThat(ownPlaylist.header("Content-Type")).isEqualTo("application/vnd.apple.mpegurl");
		assertThat(ownPlaylist.header("Cache-Control")).isEqualTo("no-cache");
		Response ownSegment = gateway.get(segmentPath, alice.auth());
		assertThat(ownSegment.status()).isEqualTo(200);
		assertThat(ownSegment.body()).isEqualTo(segment);
		assertThat(ownSegment.header("Content-Type")).isEqualTo("video/mp2t");
		assertThat(ownSegment.header("Cache-Control")).contains("private", "immutable");

		for (String path : new String[] { playlistPath, segmentPath }) {
			Response stranger = gateway.get(path, bob.auth());
			assertThat(stranger.status()).as(path).isEqualTo(404);
			assertThat(stranger.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(stranger.body()).doesNotContain("EXTM3U").doesNotContain(segment);
			assertThat(gateway.get(path).status()).as(path).isEqualTo(401);
		}

		Response started = gateway.post("/startStream", Map.of("cameraId", id), alice.auth());
		assertThat(started.status()).as(started.body()).isEqualTo(200);
		assertThat(started.json().path("success").asBoolean()).isTrue();
		String streamUrl = started.json().path("streamUrl").asString();
		assertThat(streamUrl)
			.matches("/streams/" + id + "/v2\\.[0-9]+\\.[A-Za-z0-9_-]{1,64}\\.[A-Za-z0-9_-]{43}/index\\.m3u8");
		// The worker now tries to reach the camera; it keeps a playlist it can resume.
		writeLive(id, playlist, segment);
		Response signedPlaylist = gateway.get(streamUrl);
		assertThat(signedPlaylist.status()).as(signedPlaylist.body()).isEqualTo(200);
		assertThat(signedPlaylist.body()).isEqualTo(playlist);
		// A player resolves the playlist's segment URIs against its URL: under the token.
		Response signedSegment = gateway.get(URI.create(streamUrl).resolve(SEGMENT).toString());
		assertThat(signedSegment.status()).isEqualTo(200);
		assertThat(signedSegment.body()).isEqualTo(segment);
		String otherCamera = UUID.randomUUID().toString();
		assertThat(gateway.get(streamUrl.replace(id, otherCamera)).status()).as("the token is for one camera")
			.isEqualTo(404);

		Response shared = gateway.post("/shareCamera", Map.of("cameraId", id, "username", bob.name(), "role", "viewer"),
				alice.auth());
		assertThat(shared.status()).as(shared.body()).isEqualTo(200);
		// The gateway remembers "no" for a few seconds.
		awaitStatus(playlistPath, bob, 200);
		assertThat(gateway.get(playlistPath, bob.auth()).body()).isEqualTo(playlist);
		Response viewerSegment = gateway.get(segmentPath, bob.auth());
		assertThat(viewerSegment.status()).isEqualTo(200);
		assertThat(viewerSegment.body()).isEqualTo(segment);
		String viewerUrl = gateway.get("/api/v1/cameras/" + id + "/stream", bob.auth())
			.json()
			.path("streamUrl")
			.asString();
		assertThat(gateway.get(viewerUrl).body()).isEqualTo(playlist);

		// Unshared: the viewer's signed URL stops within the gateway's 5 s memory, the
		// owner's goes on.
		String bobId = gateway.get("/api/v1/cameras/" + id + "/shares", alice.auth())
			.json()
			.path(0)
			.path("userId")
			.asString();
		assertThat(gateway.delete("/api/v1/cameras/" + id + "/shares/" + bobId, alice.auth()).status()).isEqualTo(204);
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
		while (gateway.get(viewerUrl).status() != 404) {
			assertThat(System.nanoTime()).as("the unshared viewer's URL stops").isLessThan(deadline);
			Thread.sleep(500);
		}
		assertThat(gateway.get(streamUrl).status()).isEqualTo(200);

		assertThat(gateway.post("/deleteCamera", Map.of("cameraId", id), alice.auth()).status()).isEqualTo(200);
	}

	/**
	 * What a worker writes: {@code <storage>/live/<id>/index.m3u8}, a segment, and its
	 * muxer's playlist, without which the worker would not continue the playlist.
	 */
	static void writeLive(String cameraId, String playlist, String segment) {
		Path folder = SharedPlatform.dataDir().resolve("storage/live").resolve(cameraId);
		try {
			Files.createDirectories(folder);
			Files.writeString(folder.resolve(SEGMENT), segment, StandardCharsets.US_ASCII);
			Files.writeString(folder.resolve("muxer.m3u8"), playlist, StandardCharsets.US_ASCII);
			Files.writeString(folder.resolve("index.m3u8"), playlist, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void awaitStatus(String path, TestUser user, int status) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		int last = gateway.get(path, user.auth()).status();
		while (last != status && System.nanoTime() < deadline) {
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			last = gateway.get(path, user.auth()).status();
		}
		assertThat(last).as(path + " for " + user.name()).isEqualTo(status);
	}

}
