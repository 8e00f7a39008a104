package dev.mediaplatform.localstack;

import java.nio.file.Path;
import java.util.Map;

/**
 * The camera {@code ./run-local} offers to add: GStreamer's RTSP server with a test
 * picture, when its packages are installed ({@code tools/test-camera/install});
 * {@code DEMO_CAMERA=off} skips it, {@code DEMO_CAMERA_PORT} moves it from 8554.
 */
final class DemoCamera implements AutoCloseable {

	private volatile RtspTestCamera camera;

	/**
	 * Starts the demo camera if it can.
	 * @return a line for the console saying what to add, or why there is no demo camera
	 */
	String offer(Map<String, String> env, Path logDir) {
		if ("off".equalsIgnoreCase(env.getOrDefault("DEMO_CAMERA", ""))) {
			return "";
		}
		int port;
		try {
			port = Integer.parseInt(env.getOrDefault("DEMO_CAMERA_PORT", "8554"));
		}
		catch (NumberFormatException ex) {
			return "Demo camera: DEMO_CAMERA_PORT is not a port number; no demo camera.\n";
		}
		if (!RtspTestCamera.available()) {
			return "Demo camera: not installed (tools/test-camera/install adds GStreamer's RTSP server).\n";
		}
		try {
			PortGuard.requireFree("the demo camera", port, "DEMO_CAMERA_PORT");
			this.camera = RtspTestCamera
				.start(RtspTestCamera.Options.defaults().withMounts(4).withPort(port).withLogDir(logDir));
			return "Demo camera: add rtsp://127.0.0.1:" + port
					+ "/cam1 (up to /cam4) as a camera; DEMO_CAMERA=off skips it.\n";
		}
		catch (StackException ex) {
			return "Demo camera: not started: " + ex.getMessage() + "\n";
		}
	}

	@Override
	public void close() {
		if (this.camera != null) {
			this.camera.close();
		}
	}

}
