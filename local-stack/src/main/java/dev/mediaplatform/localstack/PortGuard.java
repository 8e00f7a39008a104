package dev.mediaplatform.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fails fast, with one line naming the port and how to move it, when a port is taken. */
public final class PortGuard {

	private PortGuard() {
	}

	public static void requireFree(String component, int port, String variable) {
		try (ServerSocket socket = new ServerSocket()) {
			// As the servers themselves bind: connections of a platform just stopped
			// (TIME_WAIT) do not count, a listening socket does.
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(port));
		}
		catch (IOException ex) {
			throw new StackException("port " + port + " (" + component + ") is already in use: stop what listens there "
					+ "(ss -ltnp 'sport = :" + port + "') or set " + variable + " to another port");
		}
	}

	/**
	 * Checks every port the platform is about to listen on, named by the variable that
	 * moves it.
	 */
	static void requireFree(StackSettings settings) {
		StackSettings.Ports ports = settings.ports();
		Map<String, Integer> wanted = new LinkedHashMap<>();
		wanted.put("GATEWAY_PORT", ports.gateway());
		wanted.put("DISCOVERY_PORT", ports.discovery());
		wanted.put("AUTH_PORT", ports.auth());
		wanted.put("CAMERA_PORT", ports.camera());
		wanted.put("WORKER_PORT", ports.worker());
		wanted.put("KAFKA_PORT", ports.kafka());
		wanted.put("KAFKA_CONTROLLER_PORT", ports.kafkaController());
		wanted.put("MONGODB_PORT", ports.mongodb());
		wanted.put("CAMERA_SOCKETIO_PORT", ports.cameraSocket());
		if (settings.externalDatabase() == null) {
			wanted.put("MARIADB_PORT", ports.mariadb());
		}
		if (settings.kafkaProxy() != null) {
			wanted.put("proxied KAFKA_PORT", settings.kafkaProxy().port());
		}
		StackSettings.SecondReplicas second = settings.secondReplicas();
		if (second != null) {
			wanted.put("second DISCOVERY_PORT", second.discovery());
			wanted.put("second CAMERA_PORT", second.camera());
			wanted.put("second CAMERA_SOCKETIO_PORT", second.cameraSocket());
		}
		wanted.forEach((variable, port) -> requireFree(variable.replace("_PORT", "").toLowerCase(), port, variable));
	}

	/**
	 * A port nothing listens on right now, for tests that must not collide with a running
	 * platform.
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new StackException("no free local port: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The machine's own addresses, other than loopback and link-local, on which something
	 * accepts a connection to {@code port}: none for what the local platform keeps on
	 * loopback (its MariaDB, issue 19), which tests check.
	 */
	public static List<String> reachableBeyondLoopback(int port) {
		List<String> reachable = new ArrayList<>();
		try {
			for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				if (!network.isUp()) {
					continue;
				}
				for (InetAddress address : Collections.list(network.getInetAddresses())) {
					if (!address.isLoopbackAddress() && !address.isLinkLocalAddress() && accepts(address, port)) {
						reachable.add(address.getHostAddress());
					}
				}
			}
		}
		catch (SocketException ex) {
			throw new StackException("cannot list this machine's addresses: " + ex.getMessage(), ex);
		}
		return reachable;
	}

	private static boolean accepts(InetAddress address, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address, port), 2000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
