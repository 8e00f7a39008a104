package dev.mediaplatform.worker.media.ffmpeg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.mediaplatform.addresses.AddressPolicy;
import dev.mediaplatform.localstack.PortGuard;
import dev.mediaplatform.localstack.RtspTestCamera;
import dev.mediaplatform.worker.media.AddressCheck;
import dev.mediaplatform.worker.media.LiveSource;
import dev.mediaplatform.worker.media.MediaEngine;
import dev.mediaplatform.worker.media.MediaFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The engine connects only to checked addresses, and what a user reads when a camera
 * cannot be opened does not turn a camera URL into a port scanner. A test resolver stands
 * in for DNS; sockets of this test stand in for the services a URL could probe.
 */
public class AddressCheckEngineTests {

	static final FfmpegEngine.Settings SETTINGS = new FfmpegEngine.Settings(Duration.ofSeconds(3),
			Duration.ofSeconds(2), Duration.ofSeconds(3), 1, 6, 2_000_000, 4, 0.2);

	static final AddressPolicy LOOPBACK_ALLOWED = AddressPolicy.of(List.of("127.0.0.0/8"), List.of());

	@TempDir
	Path storage;

	final List<String> lookups = new CopyOnWriteArrayList<>();

	/** Every name resolves to loopback, as a rebinding or hostile name would. */
	FfmpegEngine engine(AddressPolicy policy) {
		return new FfmpegEngine(SETTINGS, new AddressCheck(policy, (host) -> {
			this.lookups.add(host);
			return new InetAddress[] { InetAddress.getByAddress(host, new byte[] { 127, 0, 0, 1 }) };
		}));
	}

	MediaFailure failureOf(FfmpegEngine engine, String url) {
		return assertThatExceptionOfType(MediaFailure.class).as(url)
			.isThrownBy(
					() -> engine.run(new LiveSource("cam", url, LiveSource.Transport.TCP),
							new MediaEngine.Outputs(this.storage.resolve("live/cam"), null,
									java.time.Clock.systemUTC()),
							new QuietSession()))
			.actual();
	}

	@Test
	void shouldRefuseANameThatResolvesToLoopbackWithoutConnecting() throws Exception {
		try (ServerSocket service = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			service.setSoTimeout(500);

			MediaFailure failure = failureOf(engine(AddressPolicy.defaults()),
					"rtsp://camera.example:" + service.getLocalPort() + "/cam1");

			assertThat(failure.permanent()).as("not retried until the camera changes").isTrue();
			assertThat(failure.getMessage()).startsWith("the camera's address resolves to a loopback address;")
				.endsWith("refused unless the operator allows that address and port")
				.doesNotContain("CAMERA_");
			assertThat(this.lookups).containsExactly("camera.example");
			assertThatExceptionOfType(SocketTimeoutException.class).as("nothing connected")
				.isThrownBy(() -> service.accept().close());
		}
	}

	@Test
	void shouldConnectFfmpegToTheCheckedAddressNotToTheName() throws Exception {
		try (Listener service = Listener.answering("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")) {
			// camera.example does not resolve outside the test resolver: FFmpeg can only
			// have reached this socket by the address it was given.
			failureOf(engine(LOOPBACK_ALLOWED), "rtsp://camera.example:" + service.port() + "/cam1?x=1");

			assertThat(service.requests()).hasSize(1);
			assertThat(service.requests().get(0))
				.startsWith("OPTIONS rtsp://127.0.0.1:" + service.port() + "/cam1?x=1 RTSP/1.0");
		}
	}

	@Test
	void shouldNotTellAClosedPortFromAnOpenOneThatIsNotACamera() throws Exception {
		FfmpegEngine engine = engine(LOOPBACK_ALLOWED);
		String unreachable = MediaFailure.unreachable().getMessage();

		MediaFailure closed = failureOf(engine, "rtsp://127.0.0.1:" + PortGuard.freePort() + "/cam1");
		assertThat(closed.getMessage()).isEqualTo(unreachable);
		assertThat(closed.permanent()).isFalse();

		try (Listener http = Listener.answering("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
				Listener binary = Listener.answering("\u0000\u0000\u0000\u0010garbage-bytes...");
				Listener hangsUp = Listener.answering(null);
				Listener silent = Listener.silent()) {
			for (Listener open : List.of(http, binary, hangsUp, silent)) {
				MediaFailure failure = failureOf(engine, "rtsp://127.0.0.1:" + open.port() + "/cam1");
				assertThat(failure.getMessage()).as("port " + open.port()).isEqualTo(unreachable);
				assertThat(open.requests()).as("FFmpeg did connect to port " + open.port()).isNotEmpty();
			}
		}
	}

	@Test
	void shouldNotFollowARedirectToAnAddressNobodyChecked() throws Exception {
		try (RtspTestCamera camera = RtspTestCamera.start(RtspTestCamera.Options.defaults());
				Listener redirecting = Listener.answering(
						"RTSP/1.0 302 Moved Temporarily\r\nCSeq: 1\r\nLocation: " + camera.url(1) + "\r\n\r\n")) {
			MediaFailure failure = failureOf(engine(LOOPBACK_ALLOWED),
					"rtsp://127.0.0.1:" + redirecting.port() + "/cam1");

			assertThat(failure.permanent()).isTrue();
			assertThat(failure.getMessage()).startsWith("the camera redirected to another address");
			assertThat(Files.exists(this.storage.resolve("live/cam/index.m3u8"))).isFalse();
		}
	}

	/**
	 * A TCP service on loopback that records the first line of what it is sent and
	 * answers each connection with a fixed text, closes at once ({@code null}), or stays
	 * silent.
	 */
	static final class Listener implements AutoCloseable {

		private final ServerSocket socket;

		private final List<String> requests = new CopyOnWriteArrayList<>();

		private final CompletableFuture<Void> loop;

		private Listener(String answer, boolean silent) throws IOException {
			this.socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
			this.loop = CompletableFuture.runAsync(() -> serve(answer, silent));
		}

		static Listener answering(String answer) throws IOException {
			return new Listener(answer, false);
		}

		static Listener silent() throws IOException {
			return new Listener(null, true);
		}

		int port() {
			return this.socket.getLocalPort();
		}

		List<String> requests() {
			return this.requests;
		}

		private void serve(String answer, boolean silent) {
			while (!this.socket.isClosed()) {
				try (Socket client = this.socket.accept()) {
					client.setSoTimeout(5000);
					this.requests.add(firstLine(client.getInputStream()));
					if (silent) {
						Thread.sleep(SETTINGS.openTimeout().toMillis() + 2000);
					}
					else if (answer != null) {
						OutputStream out = client.getOutputStream();
						out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
						out.flush();
						Thread.sleep(200);
					}
				}
				catch (IOException ex) {
					// closed, or the client went away
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		private static String firstLine(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = in.read()) >= 0 && c != '\n') {
				line.append((char) c);
			}
			return line.toString().strip();
		}

		@Override
		public void close() throws Exception {
			this.socket.close();
			try {
				this.loop.get(10, TimeUnit.SECONDS);
			}
			catch (java.util.concurrent.TimeoutException ex) {
				// a silent connection still sleeping; the socket is closed anyway
			}
		}

	}

	/** A session that wants live view only and asks for nothing else. */
	public static final class QuietSession implements MediaEngine.Session {

		@Override
		public boolean stopRequested() {
			return false;
		}

		@Override
		public boolean liveWanted() {
			return true;
		}

		@Override
		public boolean recordingWanted() {
			return false;
		}

		@Override
		public void segmentWritten(Instant at) {
		}

		@Override
		public void received(long bytes) {
		}

	}

}
