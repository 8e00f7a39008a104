package dev.mediaplatform.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy that the suite can cut, as a network partition cuts a node off: while cut,
 * every connection through it is closed and new ones are refused; healed, it accepts
 * again. One thread per direction per connection: a handful of Kafka connections.
 */
final class CuttableProxy implements AutoCloseable {

	private final int port;

	private final int target;

	private final List<Socket> open = new CopyOnWriteArrayList<>();

	private volatile ServerSocket server;

	CuttableProxy(int port, int target) {
		this.port = port;
		this.target = target;
		heal();
	}

	/** Accepts connections again. */
	synchronized void heal() {
		if (this.server != null) {
			return;
		}
		try {
			ServerSocket listening = new ServerSocket();
			listening.setReuseAddress(true);
			listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			this.server = listening;
			Thread acceptor = new Thread(() -> accept(listening), "proxy-accept-" + this.port);
			acceptor.setDaemon(true);
			acceptor.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("the proxy cannot listen on " + this.port + ": " + ex.getMessage(), ex);
		}
	}

	/** Closes every connection through the proxy and refuses new ones. */
	synchronized void cut() {
		ServerSocket listening = this.server;
		this.server = null;
		closeQuietly(listening);
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
		this.open.clear();
	}

	private void accept(ServerSocket listening) {
		while (!listening.isClosed()) {
			try {
				Socket client = listening.accept();
				Socket broker;
				try {
					broker = new Socket(InetAddress.getLoopbackAddress(), this.target);
				}
				catch (IOException ex) {
					closeQuietly(client);
					continue;
				}
				client.setTcpNoDelay(true);
				broker.setTcpNoDelay(true);
				this.open.add(client);
				this.open.add(broker);
				pipe(client, broker);
				pipe(broker, client);
			}
			catch (IOException ex) {
				// Closed by cut().
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[64 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					out.write(buffer, 0, read);
				}
			}
			catch (IOException ex) {
				// Cut, or closed by either end.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.open.remove(from);
				this.open.remove(to);
			}
		}, "proxy-pipe");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Already closed.
		}
	}

	@Override
	public void close() {
		cut();
	}

}
