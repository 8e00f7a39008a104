package dev.mediaplatform.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting an account through the gateway removes everything of it in every service:
 * auth-service publishes the deletion on Kafka (through its outbox), camera-service
 * deletes the account's cameras and its shares on others' cameras, and the signed URL
 * another user had for a deleted camera stops working.
 */
class AccountDeletionIT {

	static ApiClient gateway;

	@BeforeAll
	static void platform() {
		gateway = SharedPlatform.gateway();
	}

	@Test
	void shouldRemoveTheAccountsCamerasSharesAndUrlsEverywhere() throws Exception {
		TestUser alice = TestUser.register(gateway, "gone");
		TestUser bob = TestUser.register(gateway, "stay");
		String alices = addCamera(alice, "Alice's porch");
		String bobs = addCamera(bob, "Bob's garage");
		share(alice, alices, bob);
		share(bob, bobs, alice);
		String bobsUrl = gateway.get("/api/v1/cameras/" + alices + "/stream", bob.auth())
			.json()
			.path("streamUrl")
			.asString();
		String bobsRecordings = gateway.get("/api/v1/cameras/" + alices + "/recordings/timeline", bob.auth())
			.json()
			.path("recordingsUrl")
			.asString();
		assertThat(gateway.get("/cameras", bob.auth()).json()).hasSize(2);

		Response deleted = gateway.delete("/api/v1/users/me", alice.auth());
		assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);

		await("alice's camera gone for bob",
				() -> gateway.get("/api/v1/cameras/" + alices, bob.auth()).status() == 404);
		await("alice gone from the shares of bob's camera",
				() -> !sharesOf(bob, bobs).toString().contains(alice.name()));
		assertThat(gateway.get("/cameras", bob.auth()).json()).hasSize(1);
		assertThat(gateway.get("/cameras", bob.auth()).json().path(0).path("id").asString()).isEqualTo(bobs);
		// URLs handed out for the deleted camera stop (the gateway remembers for 5 s).
		await("bob's signed stream URL of the deleted camera stops", () -> gateway.get(bobsUrl).status() == 404);
		await("bob's signed recordings URL of the deleted camera stops",
				() -> gateway.get(bobsRecordings + "/playback.m3u8?from=2026-01-01T00:00:00Z").status() == 404);
		// And the account itself: its token and its name no longer work.
		assertThat(gateway.get("/cameras", alice.auth()).status()).isEqualTo(401);
		assertThat(
				gateway.post("/login", Map.of("username", alice.name(), "password", "a long enough password")).status())
			.isEqualTo(401);
	}

	static String addCamera(TestUser owner, String name) {
		Response added = gateway.post("/addCamera", Map.of("name", name, "rtspUrl", "rtsp://192.0.2.20/stream"),
				owner.auth());
		assertThat(added.status()).as(added.body()).isEqualTo(200);
		return added.json().path("id").asString();
	}

	static void share(TestUser owner, String cameraId, TestUser with) {
		Response shared = gateway.post("/shareCamera",
				Map.of("cameraId", cameraId, "username", with.name(), "role", "viewer"), owner.auth());
		assertThat(shared.status()).as(shared.body()).isEqualTo(200);
	}

	static JsonNode sharesOf(TestUser owner, String cameraId) {
		return gateway.get("/api/v1/cameras/" + cameraId + "/shares", owner.auth()).json();
	}

	static void await(String what, BooleanSupplier done) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!done.getAsBoolean()) {
			assertThat(System.nanoTime()).as(what).isLessThan(deadline);
			Thread.sleep(250);
		}
	}

}
