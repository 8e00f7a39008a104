package dev.mediaplatform.auth.deletion;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Makes a Kafka broker reachable at an address where nothing listened before: what a
 * client sees when the broker it is configured for comes up late. Clients bootstrap here
 * and then reach the broker at the address it advertises.
 */
final class TcpForwarder implements AutoCloseable {

	private final ServerSocket server;

	private TcpForwarder(ServerSocket server) {
		this.server = server;
	}

	static TcpForwarder open(int port, String target) throws IOException {
		String host = target.substring(0, target.lastIndexOf(':'));
		int targetPort = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
		ServerSocket server = new ServerSocket();
		server.setReuseAddress(true);
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		TcpForwarder forwarder = new TcpForwarder(server);
		daemon(() -> {
			while (!server.isClosed()) {
				try {
					Socket client = server.accept();
					Socket upstream = new Socket(host, targetPort);
					daemon(() -> copy(client, upstream));
					daemon(() -> copy(upstream, client));
				}
				catch (IOException ex) {
					// Closed: stop accepting.
				}
			}
		});
		return forwarder;
	}

	private static void copy(Socket from, Socket to) {
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			// One side closed; so does the other.
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

	private static void daemon(Runnable task) {
		Thread thread = new Thread(task, "kafka-forwarder");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
