package dev.mediaplatform.gateway.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mediaplatform.gateway.TestServices;

import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A storage folder written as the stream worker writes Low-Latency HLS (the storage
 * contract of issue 20: parts and playlists appear whole, by rename), with the stand-in
 * services and the stream URL key of the gateway under test, for the tests of blocking
 * reloads and preload hints.
 */
final class LowLatencyStorage {

	/** The user signed URLs are handed to here. */
	static final String GRANTEE = "alice-id";

	private final Path root;

	private final byte[] key = new byte[32];

	private final KeyPair signingKeys = TestServices.rsa();

	private final WireMockServer services = TestServices.start(this.signingKeys);

	LowLatencyStorage(String name) {
		this.root = Path.of("target", name, UUID.randomUUID().toString()).toAbsolutePath();
		for (int i = 0; i < this.key.length; i++) {
			this.key[i] = (byte) (i * 7);
		}
	}

	/** The gateway's storage, stream URL key and stand-in services. */
	void register(DynamicPropertyRegistry registry) {
		writeAtomically(this.root.resolve("stream-url.key"),
				(Base64.getEncoder().encodeToString(this.key) + "\n").getBytes(StandardCharsets.US_ASCII));
		registry.add("gateway.streams.storage-dir", () -> this.root.resolve("storage").toString());
		registry.add("gateway.streams.key-file", () -> this.root.resolve("stream-url.key").toString());
		registry.add("gateway.streams.generate-key", () -> "false");
		TestServices.discover(registry, this.services);
	}

	void stop() {
		this.services.stop();
	}

	/** A user's access token; camera-service lets nobody watch unless {@link #allow}. */
	String token(String user) {
		return TestServices.token(this.signingKeys, user);
	}

	void allow(String token, String cameraId) {
		this.services.stubFor(get(urlPathEqualTo("/api/v1/cameras/" + cameraId))
			.withHeader("Authorization", equalTo("Bearer " + token))
			.atPriority(1)
			.willReturn(okJson("{\"id\":\"" + cameraId + "\"}")));
	}

	/** A camera with a live folder and nothing in it yet. */
	Camera camera() {
		String id = UUID.randomUUID().toString();
		return new Camera(id, this.root.resolve("storage").resolve("live").resolve(id), signature(id));
	}

	private String signature(String cameraId) {
		long expires = Instant.now().plusSeconds(3600).getEpochSecond();
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			byte[] signature = mac
				.doFinal(("v2:" + cameraId + ":" + expires + ":" + GRANTEE).getBytes(StandardCharsets.US_ASCII));
			return "v2." + expires + "." + GRANTEE + "."
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A camera's live folder as its worker writes it.
	 *
	 * @param id the camera
	 * @param folder {@code live/{id}/}
	 * @param token a signed URL token of it, valid for an hour
	 */
	record Camera(String id, Path folder, String token) {

		/** The run prefix of the tests' file names. */
		static final String RUN = "lx3k";

		String bearer(String file) {
			return "/streams/" + this.id + "/" + file;
		}

		String signed(String file) {
			return "/streams/" + this.id + "/" + this.token + "/" + file;
		}

		static String part(long msn, int part) {
			return RUN + "-" + msn + "-" + part + ".m4s";
		}

		/** Writes the playlist and answers what was written. */
		String publish(Playlist playlist) {
			String text = playlist.text();
			writeAtomically(this.folder.resolve("index.m3u8"), text.getBytes(StandardCharsets.UTF_8));
			return text;
		}

		void writePart(String name, byte[] content) {
			writeAtomically(this.folder.resolve(name), content);
		}

	}

	/**
	 * A playlist of segments {@code first..first+complete-1} complete, the next one in
	 * progress with {@code parts} parts, announcing the next part unless it ended.
	 */
	record Playlist(int targetSeconds, long first, int complete, int parts, boolean ended) {

		static Playlist live(long first, int complete, int parts) {
			return new Playlist(1, first, complete, parts, false);
		}

		long next() {
			return this.first + this.complete;
		}

		Playlist withTarget(int seconds) {
			return new Playlist(seconds, this.first, this.complete, this.parts, this.ended);
		}

		Playlist end() {
			return new Playlist(this.targetSeconds, this.first, this.complete, this.parts, true);
		}

		String text() {
			StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:")
				.append(this.targetSeconds)
				.append("\n#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600\n")
				.append("#EXT-X-PART-INF:PART-TARGET=0.200\n#EXT-X-MEDIA-SEQUENCE:")
				.append(this.first)
				.append("\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"" + Camera.RUN + "-init.mp4\"\n");
			for (long msn = this.first; msn < next(); msn++) {
				text.append("#EXTINF:1.000,\n").append(Camera.RUN).append('-').append(msn).append(".m4s\n");
			}
			for (int part = 0; part < this.parts; part++) {
				text.append("#EXT-X-PART:DURATION=0.200,URI=\"")
					.append(Camera.part(next(), part))
					.append('"')
					.append((part == 0) ? ",INDEPENDENT=YES\n" : "\n");
			}
			if (this.ended) {
				return text.append("#EXT-X-ENDLIST\n").toString();
			}
			return text.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"")
				.append(Camera.part(next(), this.parts))
				.append("\"\n")
				.toString();
		}

	}

	/** Written beside, then renamed into place: readers see the old file or the new. */
	static void writeAtomically(Path file, byte[] content) {
		try {
			Files.createDirectories(file.getParent());
			Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
			Files.write(temporary, content);
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
