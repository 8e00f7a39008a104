package dev.mediaplatform.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Fails fast, with one line naming the port and how to move it, when a port is taken. */
public final class PortGuard {

	private PortGuard() {
	}

	public static void requireFree(String component, int port, String variable) {
		try (ServerSocket socket = new ServerSocket()) {
			// As the servers themselves bind: connections of a platform just stopped
			// (TIME_WAIT) do not count,
			// a listening socket does.
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(port));
		}
		catch (IOException ex) {
			throw new StackException("port " + port + " (" + component + ") is already in use: stop what listens there "
					+ "(ss -ltnp 'sport = :" + port + "') or set " + variable + " to another port");
		}
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

}
