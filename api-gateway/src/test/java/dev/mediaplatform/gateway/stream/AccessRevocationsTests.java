package dev.mediaplatform.gateway.stream;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A camera change naming the users who lost the camera ends what the gateway remembers of
 * their access to it, and only that.
 */
class AccessRevocationsTests {

	final AsyncCache<CameraAccess.Viewer, Boolean> answers = Caffeine.newBuilder().buildAsync();

	final CameraAccess access = new CameraAccess(WebClient.create("http://127.0.0.1:1"), "http://127.0.0.1:1/c",
			"http://127.0.0.1:1/s", Duration.ofSeconds(1), this.answers);

	final AccessRevocations revocations = new AccessRevocations(this.access);

	@Test
	void shouldForgetTheAccessOfTheUsersWhoLostTheCamera() {
		remember("bob", "cam-1");
		remember("carol", "cam-1");
		remember("bob", "cam-2");

		this.revocations.onCameraChanged(new ConsumerRecord<>("camera.events", 0, 3, "cam-1",
				"{\"cameraId\":\"cam-1\",\"removedUserIds\":[\"bob\"],\"more\":true}"));

		assertThat(remembered("bob", "cam-1")).as("bob lost cam-1").isFalse();
		assertThat(remembered("carol", "cam-1")).isTrue();
		assertThat(remembered("bob", "cam-2")).isTrue();
	}

	@Test
	void shouldSkipWhatIsNoCameraChange() {
		remember("bob", "cam-1");
		for (String value : new String[] { null, "x", "{}", "{\"cameraId\":\"cam-1\"}",
				"{\"cameraId\":\"cam-1\",\"removedUserIds\":[]}" }) {
			this.revocations.onCameraChanged(new ConsumerRecord<>("camera.events", 0, 4, "cam-1", value));
		}
		assertThat(remembered("bob", "cam-1")).isTrue();
	}

	private void remember(String user, String camera) {
		this.answers.put(new CameraAccess.Viewer(user, camera), CompletableFuture.completedFuture(true));
	}

	private boolean remembered(String user, String camera) {
		return this.answers.getIfPresent(new CameraAccess.Viewer(user, camera)) != null;
	}

}
