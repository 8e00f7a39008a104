package dev.mediaplatform.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mediaplatform.localstack.RtspTestCamera.Codec;
import dev.mediaplatform.localstack.RtspTestCamera.Options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test camera against a real RTSP client: a few lines of RTSP over a socket
 * (DESCRIBE, SETUP with RTP interleaved in the TCP connection, PLAY), so that no FFmpeg
 * is needed.
 */
class RtspTestCameraTests {

	@TempDir
	Path logs;

	private Options options() {
		return Options.defaults().withLogDir(this.logs);
	}

	@Nested
	class Mounts {

		@Test
		void shouldDescribeH264OnEveryMountWhenStartedWithThreeMounts() throws IOException {
			try (RtspTestCamera camera = RtspTestCamera.start(options().withMounts(3))) {
				for (int mount = 1; mount <= 3; mount++) {
					Response response = RtspClient.describe(camera.url(mount), null);
					assertThat(response.status()).as("DESCRIBE %s", camera.url(mount)).isEqualTo(200);
					assertThat(response.body()).contains("m=video").contains("H264/90000");
				}
				Response missing = RtspClient.describe("rtsp://127.0.0.1:" + camera.port() + "/cam4", null);
				assertThat(missing.status()).isEqualTo(404);
			}
		}

		@Test
		void shouldStreamTheSamePictureOnTwoMountsWhenTwoClientsPlay() throws IOException {
			try (RtspTestCamera camera = RtspTestCamera.start(options().withMounts(3));
					RtspClient first = RtspClient.play(camera.url(2), null);
					RtspClient second = RtspClient.play(camera.url(3), null)) {
				RtpPacket fromFirst = first.nextVideoPacket();
				RtpPacket fromSecond = second.nextVideoPacket();
				assertThat(fromFirst.version()).isEqualTo(2);
				assertThat(fromFirst.payloadType()).isEqualTo(96);
				// One encoder serves every mount: the packets come from the same RTP
				// source.
				assertThat(fromSecond.ssrc()).isEqualTo(fromFirst.ssrc());
			}
		}

		@Test
		void shouldDescribeH265WhenAskedFor() throws IOException {
			try (RtspTestCamera camera = RtspTestCamera.start(options().withCodec(Codec.H265))) {
				Response response = RtspClient.describe(camera.url(1), null);
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.body()).contains("m=video").contains("H265/90000");
			}
		}

	}

	@Nested
	class Credentials {

		@Test
		void shouldAnswer401WhenCredentialsAreMissingOrWrongAnd200WhenRight() throws IOException {
			try (RtspTestCamera camera = RtspTestCamera.start(options().withCredentials("viewer", "s3cret"))) {
				Response without = RtspClient.describe(camera.url(1), null);
				assertThat(without.status()).isEqualTo(401);
				assertThat(without.headers().get("www-authenticate")).startsWith("Basic");

				assertThat(RtspClient.describe(camera.url(1), "viewer:wrong").status()).isEqualTo(401);

				Response right = RtspClient.describe(camera.url(1), "viewer:s3cret");
				assertThat(right.status()).isEqualTo(200);
				assertThat(right.body()).contains("H264/90000");
				assertThat(camera.urlWithCredentials(1)).isEqualTo(camera.url(1).replace("//", "//viewer:s3cret@"));
			}
		}

	}

	@Nested
	class Restart {

		@Test
		void shouldDropClientsWhenStoppedAndServeAgainOnTheSamePortWhenRestarted() throws IOException {
			try (RtspTestCamera camera = RtspTestCamera.start(options())) {
				int port = camera.port();
				try (RtspClient client = RtspClient.play(camera.url(1), null)) {
					client.nextVideoPacket();
					camera.stop();
					assertThat(client.streamEnds()).as("the playing client sees the camera go away").isTrue();
				}
				assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);

				camera.restart();

				assertThat(camera.port()).isEqualTo(port);
				try (RtspClient client = RtspClient.play(camera.url(1), null)) {
					assertThat(client.nextVideoPacket().payloadType()).isEqualTo(96);
				}
			}
		}

	}

	record Response(int status, Map<String, String> headers, String body) {
	}

	record RtpPacket(int version, int payloadType, long ssrc) {
	}

	/**
	 * Just enough of an RTSP client: one TCP connection, RTP interleaved on channel 0.
	 */
	static final class RtspClient implements AutoCloseable {

		private static final Pattern STATUS = Pattern.compile("RTSP/1\\.0 (\\d{3}) .*");

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		private final String authorization;

		private int sequence;

		private RtspClient(URI uri, String userInfo) throws IOException {
			this.socket = new Socket();
			this.socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
			this.socket.setSoTimeout(10_000);
			this.in = this.socket.getInputStream();
			this.out = this.socket.getOutputStream();
			this.authorization = (userInfo != null)
					? "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)) : null;
		}

		static Response describe(String url, String userInfo) throws IOException {
			try (RtspClient client = new RtspClient(URI.create(url), userInfo)) {
				return client.request("DESCRIBE", url, Map.of("Accept", "application/sdp"));
			}
		}

		/** DESCRIBE, SETUP of the video track with TCP interleaving, PLAY. */
		static RtspClient play(String url, String userInfo) throws IOException {
			RtspClient client = new RtspClient(URI.create(url), userInfo);
			try {
				Response description = client.request("DESCRIBE", url, Map.of("Accept", "application/sdp"));
				assertThat(description.status()).as("DESCRIBE %s", url).isEqualTo(200);
				Matcher control = Pattern.compile("(?m)^m=video.*$[\\s\\S]*?^a=control:(\\S+)$")
					.matcher(description.body());
				assertThat(control.find()).as("video control in %s", description.body()).isTrue();
				String base = description.headers().getOrDefault("content-base", url);
				String track = control.group(1).startsWith("rtsp://") ? control.group(1) : base + control.group(1);
				Response setup = client.request("SETUP", track,
						Map.of("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
				assertThat(setup.status()).as("SETUP %s", track).isEqualTo(200);
				String session = setup.headers().get("session").split(";")[0];
				Response play = client.request("PLAY", url, Map.of("Session", session, "Range", "npt=0-"));
				assertThat(play.status()).as("PLAY %s", url).isEqualTo(200);
				return client;
			}
			catch (IOException | RuntimeException | AssertionError ex) {
				client.close();
				throw ex;
			}
		}

		Response request(String method, String url, Map<String, String> headers) throws IOException {
			StringBuilder request = new StringBuilder(method).append(' ')
				.append(url)
				.append(" RTSP/1.0\r\nCSeq: ")
				.append(++this.sequence)
				.append("\r\nUser-Agent: RtspTestCameraTests\r\n");
			headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			if (this.authorization != null) {
				request.append("Authorization: ").append(this.authorization).append("\r\n");
			}
			this.out.write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
			this.out.flush();
			return readResponse();
		}

		/** The next RTP packet of the video track, skipping RTCP and server requests. */
		RtpPacket nextVideoPacket() throws IOException {
			while (true) {
				int first = this.in.read();
				if (first < 0) {
					throw new IOException("the server closed the connection");
				}
				if (first != '$') {
					throw new IOException("expected an interleaved frame, got byte " + first);
				}
				int channel = this.in.read();
				byte[] frame = interleavedPayload();
				if (channel == 0 && frame.length >= 12) {
					long ssrc = ((frame[8] & 0xFFL) << 24) | ((frame[9] & 0xFFL) << 16) | ((frame[10] & 0xFFL) << 8)
							| (frame[11] & 0xFFL);
					return new RtpPacket((frame[0] & 0xFF) >> 6, frame[1] & 0x7F, ssrc);
				}
			}
		}

		/** True when the connection ends (closed or reset) within ten seconds. */
		boolean streamEnds() {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			byte[] buffer = new byte[8192];
			try {
				while (System.nanoTime() < deadline) {
					if (this.in.read(buffer) < 0) {
						return true;
					}
				}
				return false;
			}
			catch (SocketTimeoutException ex) {
				return false;
			}
			catch (IOException ex) {
				return true;
			}
		}

		private Response readResponse() throws IOException {
			String statusLine = readLine(skipInterleavedFrames());
			Matcher status = STATUS.matcher(statusLine);
			if (!status.matches()) {
				throw new IOException("not an RTSP response: " + statusLine);
			}
			Map<String, String> headers = new LinkedHashMap<>();
			for (String line = readLine(); !line.isEmpty(); line = readLine()) {
				int colon = line.indexOf(':');
				headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
			}
			int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
			String body = new String(this.in.readNBytes(length), StandardCharsets.UTF_8);
			return new Response(Integer.parseInt(status.group(1)), headers, body);
		}

		/**
		 * The first byte of the next response, after any interleaved RTP or RTCP frames.
		 * A server may send media before its PLAY response when the media is already
		 * playing for another client (RFC 2326 section 10.12 lets it), as GStreamer's
		 * does for a mount whose encoder is shared; clients skip them.
		 */
		private int skipInterleavedFrames() throws IOException {
			int first = this.in.read();
			while (first == '$') {
				this.in.read();
				interleavedPayload();
				first = this.in.read();
			}
			return first;
		}

		/** The rest of an interleaved frame after its {@code $} and channel. */
		private byte[] interleavedPayload() throws IOException {
			int length = (this.in.read() << 8) | this.in.read();
			return this.in.readNBytes(length);
		}

		private String readLine() throws IOException {
			return readLine(this.in.read());
		}

		private String readLine(int firstByte) throws IOException {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			for (int b = firstByte; b != '\n'; b = this.in.read()) {
				if (b < 0) {
					throw new IOException("the server closed the connection");
				}
				if (b != '\r') {
					line.write(b);
				}
			}
			return line.toString(StandardCharsets.UTF_8);
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
