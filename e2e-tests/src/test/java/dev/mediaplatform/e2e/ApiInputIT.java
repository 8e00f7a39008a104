package dev.mediaplatform.e2e;

import java.util.List;
import java.util.Map;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input the API once took for something else, through the gateway: pages and sizes it
 * replaced by defaults or wrapped around, scalars of the wrong JSON type read as text or
 * booleans, recording ids that named no route, and messages that pointed where nothing is
 * published. Every refusal is a 4xx problem detail.
 */
class ApiInputIT {

	static ApiClient gateway;

	@BeforeAll
	static void platform() {
		gateway = SharedPlatform.gateway();
	}

	static JsonNode problem(Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		return response.json();
	}

	static String camera(TestUser user, String name) {
		Response added = gateway.post("/addCamera", Map.of("name", name, "rtspUrl", "rtsp://192.0.2.10/stream"),
				user.auth());
		assertThat(added.status()).as(added.body()).isEqualTo(200);
		return added.json().path("id").asString();
	}

	@Test
	void shouldRefuseAPageOrSizeItCannotUseOnEveryPagedRoute() {
		TestUser alice = TestUser.register(gateway, "pages");
		String id = camera(alice, "Paged");
		for (String route : List.of("/api/v1/cameras", "/api/v1/cameras/" + id + "/recordings")) {
			// 6700417 × 641 = 2^32 + 1: it answered the cameras from the second on, with
			// a
			// total of 4294967308.
			for (String query : List.of("page=6700417&size=641", "page=-1", "page=x", "size=0", "size=2001",
					"size=1.5")) {
				String field = query.startsWith("page") ? "page" : "size";
				JsonNode refused = problem(gateway.get(route + "?" + query, alice.auth()), 400);
				assertThat(refused.path("errors").path(0).path("field").asString()).as(route + "?" + query)
					.isEqualTo(field);
			}
			assertThat(gateway.get(route + "?page=0&size=2000", alice.auth()).status()).isEqualTo(200);
		}
		JsonNode page = gateway.get("/api/v1/cameras?page=1&size=1", alice.auth()).json();
		assertThat(page.path("content")).isEmpty();
		assertThat(page.path("page").path("totalElements").asLong()).isEqualTo(1);
	}

	@Test
	void shouldRefuseScalarsOfTheWrongJsonTypeOnTheVersionedAndTheOriginalApi() {
		TestUser alice = TestUser.register(gateway, "scalars");
		String id = camera(alice, "1.5");
		for (String name : List.of("1.5", "7", "true")) {
			String body = "{\"name\":" + name + ",\"rtspUrl\":\"rtsp://192.0.2.10/stream\"}";
			problem(gateway.post("/api/v1/cameras", body, alice.auth()), 400);
			problem(gateway.post("/addCamera", body, alice.auth()), 400);
			problem(gateway.send("PATCH", "/api/v1/cameras/" + id, "{\"name\":" + name + "}", "Content-Type",
					"application/json", "Authorization", "Bearer " + alice.token()), 400);
		}
		for (String flag : List.of("1", "0", "\"true\"")) {
			problem(gateway.put("/api/v1/cameras/" + id + "/stream", "{\"streaming\":" + flag + "}", alice.auth()),
					400);
			problem(gateway.put("/api/v1/cameras/" + id + "/recording", "{\"enabled\":" + flag + "}", alice.auth()),
					400);
			problem(gateway.post("/recordStream", "{\"cameraId\":\"" + id + "\",\"enabled\":" + flag + "}",
					alice.auth()), 400);
		}
		JsonNode cameras = gateway.get("/cameras", alice.auth()).json();
		assertThat(cameras).hasSize(1);
		assertThat(cameras.path(0).path("name").asString()).as("the name given as a string").isEqualTo("1.5");
		assertThat(cameras.path(0).path("streaming").asBoolean()).isFalse();
		assertThat(cameras.path(0).path("recording").asBoolean()).isFalse();
	}

	@Test
	void shouldAnswerNotFoundForARecordingIdThatNamesNothingOnEveryMethod() {
		TestUser alice = TestUser.register(gateway, "recids");
		TestUser bob = TestUser.register(gateway, "recids");
		String id = camera(alice, "Recorded");
		String recordings = "/api/v1/cameras/" + id + "/recordings/";
		for (String recordingId : List.of("abc", "12x.mp4", "1234567890123456", "1.mp4.mp4")) {
			// Reading is the gateway's operation (recordingFile): a name that is no
			// chunk's answers as a chunk that does not exist, the same to everyone, so
			// someone the camera is not shared with learns nothing of it.
			JsonNode missing = problem(gateway.get(recordings + recordingId, alice.auth()), 404);
			JsonNode hidden = problem(gateway.get(recordings + recordingId, bob.auth()), 404);
			assertThat(hidden.path("detail").asString()).as("GET " + recordingId)
				.isEqualTo(missing.path("detail").asString());
			assertThat(missing.path("detail").asString()).startsWith("no recording here");
			assertThat(gateway.send("HEAD", recordings + recordingId, null, alice.auth()).status()).isEqualTo(404);
			// Deleting is camera-service's: no such recording, and no such camera for
			// someone it is not shared with.
			JsonNode notDeleted = problem(gateway.delete(recordings + recordingId, alice.auth()), 404);
			assertThat(notDeleted.path("title").asString()).as("DELETE " + recordingId).isEqualTo("No such recording");
			JsonNode notShown = problem(gateway.delete(recordings + recordingId, bob.auth()), 404);
			assertThat(notShown.path("title").asString()).isEqualTo("No such camera");
		}
		// The file-name form, as GET and the playlists name a recording, on DELETE too
		// (deleting a real one by that name: RecordingServiceTests).
		problem(gateway.delete(recordings + "1700000000000.mp4", alice.auth()), 404);
	}

	@Test
	void shouldPointOnlyWhereTheApiDescriptionsArePublished() {
		TestUser alice = TestUser.register(gateway, "docs");
		List<String> details = List.of(problem(gateway.post("/api/v1/auth/login", ""), 400).path("detail").asString(),
				problem(gateway.get("/api/v1/auth/nothing", alice.auth()), 404).path("detail").asString());
		for (String detail : details) {
			List<String> documents = java.util.regex.Pattern.compile("/v3/api-docs[^ ;,)]*")
				.matcher(detail)
				.results()
				.map((match) -> match.group())
				.toList();
			assertThat(documents).as(detail).isNotEmpty();
			for (String document : documents) {
				assertThat(gateway.get(document).status()).as(document + " named in: " + detail).isEqualTo(200);
			}
		}
	}

	@Test
	void shouldDocumentTheRegisterLimitsAndStateTheShareLimitTruly() {
		JsonNode registration = gateway.get("/v3/api-docs/auth")
			.json()
			.path("components")
			.path("schemas")
			.path("Registration")
			.path("properties");
		assertThat(registration.path("username").path("minLength").asInt()).isEqualTo(3);
		assertThat(registration.path("username").path("maxLength").asInt()).isEqualTo(32);
		assertThat(registration.path("password").path("minLength").asInt()).isEqualTo(8);
		assertThat(registration.path("password").path("maxLength").asInt()).isEqualTo(128);
		problem(gateway.post("/register", Map.of("username", "x".repeat(33), "password", "a long enough password")),
				400);

		TestUser alice = TestUser.register(gateway, "share");
		String id = camera(alice, "Shared");
		JsonNode refused = problem(gateway.put("/api/v1/cameras/" + id + "/shares",
				Map.of("username", "x".repeat(33), "role", "viewer"), alice.auth()), 400);
		assertThat(refused.path("detail").asString()).contains("32 characters").doesNotContain("64");
	}

}
