package dev.mediaplatform.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.function.IntSupplier;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.PortGuard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.mediaplatform.localstack.ApiClient.bearer;
import static dev.mediaplatform.localstack.ApiClient.credentials;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is revoked stops at once through the gateway: the access tokens of a session that
 * logged out, and a removed viewer's bearer and signed stream URLs. The gateway hears of
 * both only on Kafka (auth.sessions, camera.events), as every replica does. Each check
 * first makes the gateway remember a "yes" (for 5 s for camera access, for the token's 15
 * min for a session) and then expects the refusal well within that memory: without the
 * revocation these would still answer.
 */
class RevocationIT {

	/**
	 * Well under what the gateway would otherwise remember (5 s), with room for a slow
	 * machine.
	 */
	static final Duration AT_ONCE = Duration.ofMillis(2500);

	static ApiClient gateway;

	@BeforeAll
	static void platform() {
		gateway = SharedPlatform.gateway();
	}

	@Test
	void shouldRefuseEveryAccessTokenOfASessionThatLoggedOut() {
		TestUser user = TestUser.register(gateway, "bye");
		JsonNode pair = gateway.post("/api/v1/auth/login", credentials(user.name(), "a long enough password")).json();
		String first = pair.path("accessToken").asString();
		JsonNode refreshed = gateway
			.post("/api/v1/auth/refresh", Map.of("refreshToken", pair.path("refreshToken").asString()))
			.json();
		String second = refreshed.path("accessToken").asString();
		assertThat(gateway.get("/api/v1/users/me", bearer(first)).status()).isEqualTo(200);
		assertThat(gateway.get("/api/v1/users/me", bearer(second)).status()).isEqualTo(200);

		assertThat(
				gateway.post("/api/v1/auth/logout", Map.of("refreshToken", refreshed.path("refreshToken").asString()))
					.status())
			.isEqualTo(204);

		awaitWithin(AT_ONCE, "the logged-out session's newest token",
				() -> gateway.get("/api/v1/users/me", bearer(second)).status(), 401);
		Response refused = gateway.get("/api/v1/users/me", bearer(first));
		assertThat(refused.status()).as("the session's earlier token").isEqualTo(401);
		assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
		assertThat(gateway.get("/self", bearer(second)).status()).as("on the original API too").isEqualTo(401);
		assertThat(gateway.get("/api/v1/users/me", user.auth()).status()).as("the user's other session").isEqualTo(200);
	}

	@Test
	void shouldDisconnectTheSocketIoClientsOfASessionThatLoggedOut() throws Exception {
		TestUser user = TestUser.register(gateway, "sio");
		JsonNode pair = gateway.post("/api/v1/auth/login", credentials(user.name(), "a long enough password")).json();

		JsonNode seen = SocketIoIT.script("socketio-logout.mjs", gateway.baseUrl(), pair.path("accessToken").asString(),
				pair.path("refreshToken").asString());

		assertThat(seen.path("error").isMissingNode()).as(seen.toString()).isTrue();
		assertThat(seen.path("loadedCameras").asBoolean()).as(seen.toString()).isTrue();
		assertThat(seen.path("logoutStatus").asInt()).isEqualTo(204);
		assertThat(seen.path("disconnect").asString()).as(seen.toString()).isEqualTo("io server disconnect");
		assertThat(seen.path("disconnectedAfterMs").asLong()).as(seen.toString()).isLessThan(AT_ONCE.toMillis());
		assertThat(seen.path("reconnect").asString()).as(seen.toString()).startsWith("refused");
	}

	@Test
	void shouldStopARemovedViewersStreamAtOnce() {
		TestUser owner = TestUser.register(gateway, "own");
		TestUser viewer = TestUser.register(gateway, "view");
		Response added = gateway.post("/api/v1/cameras",
				Map.of("name", "Porch", "rtspUrl", "rtsp://127.0.0.1:" + PortGuard.freePort() + "/live"), owner.auth());
		assertThat(added.status()).as(added.body()).isEqualTo(201);
		String id = added.json().path("id").asString();
		String playlistPath = "/streams/" + id + "/index.m3u8";
		writeLive(id);
		Response started = gateway.post("/startStream", Map.of("cameraId", id), owner.auth());
		assertThat(started.status()).as(started.body()).isEqualTo(200);
		Response shared = gateway.put("/api/v1/cameras/" + id + "/shares",
				Map.of("username", viewer.name(), "role", "viewer"), owner.auth());
		assertThat(shared.status()).as(shared.body()).isEqualTo(200);
		String viewerId = gateway.get("/api/v1/cameras/" + id + "/shares", owner.auth())
			.json()
			.path(0)
			.path("userId")
			.asString();
		Response stream = gateway.get("/api/v1/cameras/" + id + "/stream", viewer.auth());
		assertThat(stream.status()).as(stream.body()).isEqualTo(200);
		String signedUrl = stream.json().path("streamUrl").asString();
		assertThat(signedUrl).as(stream.body()).startsWith("/streams/" + id + "/v2.");
		// The worker tries the camera meanwhile; it keeps a playlist it can resume.
		writeLive(id);
		awaitWithin(Duration.ofSeconds(20), "the new viewer's playlist",
				() -> gateway.get(playlistPath, viewer.auth()).status(), 200);
		assertThat(gateway.get(signedUrl).status()).as("the viewer's signed URL").isEqualTo(200);

		assertThat(gateway.delete("/api/v1/cameras/" + id + "/shares/" + viewerId, owner.auth()).status())
			.isEqualTo(204);

		awaitWithin(AT_ONCE, "the removed viewer's playlist", () -> gateway.get(playlistPath, viewer.auth()).status(),
				404);
		assertThat(gateway.get(signedUrl).status()).as("the removed viewer's signed URL").isEqualTo(404);
		assertThat(gateway.get(playlistPath, owner.auth()).status()).as("the owner's").isEqualTo(200);
		assertThat(gateway.delete("/api/v1/cameras/" + id, owner.auth()).status()).isEqualTo(204);
	}

	private static void awaitWithin(Duration limit, String what, IntSupplier status, int expected) {
		long deadline = System.nanoTime() + limit.toNanos();
		int last = status.getAsInt();
		while (last != expected && System.nanoTime() < deadline) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			last = status.getAsInt();
		}
		assertThat(last).as(what + " within " + limit.toMillis() + " ms").isEqualTo(expected);
	}

	/** A live playlist and segment where a worker writes them. */
	private static void writeLive(String cameraId) {
		StreamDeliveryIT.writeLive(cameraId,
				"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\n" + StreamDeliveryIT.SEGMENT + "\n",
				"segment");
	}

}
