package dev.mediaplatform.worker.media;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Test cameras: GStreamer's RTSP server, via tools/test-camera. */
final class TestCameras {

	private static final List<Camera> started = new CopyOnWriteArrayList<>();

	private TestCameras() {
	}

	static Camera start(String... arguments) {
		Camera camera = new Camera(List.of(arguments));
		camera.restart();
		started.add(camera);
		return camera;
	}

	static void stopAll() {
		started.forEach(Camera::stop);
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static final class Camera {

		private final List<String> arguments;

		private final int port = freePort();

		private Process process;

		Camera(List<String> arguments) {
			this.arguments = arguments;
		}

		String url(int mount) {
			return "rtsp://127.0.0.1:" + this.port + "/cam" + mount;
		}

		void restart() {
			Path script = Path.of("..", "tools", "test-camera", "rtsp-camera.py").toAbsolutePath().normalize();
			List<String> command = new ArrayList<>(
					List.of("/usr/bin/python3", script.toString(), "--port", Integer.toString(this.port)));
			command.addAll(this.arguments);
			try {
				this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
				String ready = new BufferedReader(
						new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))
					.readLine();
				if (ready == null || !ready.startsWith("READY")) {
					throw new IllegalStateException("test camera did not start: " + ready);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		void stop() {
			if (this.process != null && this.process.isAlive()) {
				resume();
				this.process.destroy();
				try {
					if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
						this.process.destroyForcibly().waitFor();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		void pause() {
			signal("STOP");
		}

		void resume() {
			signal("CONT");
		}

		private void signal(String name) {
			try {
				new ProcessBuilder("kill", "-" + name, Long.toString(this.process.pid())).start().waitFor();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
