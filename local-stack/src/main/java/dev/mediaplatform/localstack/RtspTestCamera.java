package dev.mediaplatform.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real RTSP camera for tests and demos: GStreamer's RTSP server, run by
 * {@code tools/test-camera/rtsp-camera.py} as a child process. Every mount
 * ({@code /cam1 .. /camN}) shows the same live test picture with the wall-clock time
 * burnt in, encoded once however many mounts there are, and only while a client watches.
 * <p>
 * {@link #start} first runs {@code tools/test-camera/install}, which installs the Debian
 * packages it needs on a machine that lacks them (as root). The camera also exits by
 * itself when this JVM is gone: its standard input is a pipe from here.
 */
public final class RtspTestCamera implements AutoCloseable {

	private static final Path PYTHON = Path.of("/usr/bin/python3");

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	private static final Path BASH = Path.of("/bin/bash");

	private static final String TOOLS = "tools/test-camera";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

	/** Long enough for apt-get on a clean machine. */
	private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

	private static final Duration STOP_GRACE = Duration.ofSeconds(5);

	private static final Pattern READY = Pattern.compile("(?m)^READY rtsp://[^/]+:(\\d+)/cam1$");

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private final Options options;

	private final Path tools;

	private final Path log;

	private int port;

	private Process process;

	private RtspTestCamera(Options options, Path tools, Path log) {
		this.options = options;
		this.tools = tools;
		this.log = log;
	}

	/**
	 * True when the camera can run here without installing anything (checks only, in well
	 * under a second).
	 */
	public static boolean available() {
		Path installer = toolsFolder().resolve("install");
		return Commands.run(List.of(BASH.toString(), installer.toString(), "--check"), ProcessBuilder.Redirect.DISCARD,
				Duration.ofMinutes(1)) == 0;
	}

	/**
	 * Installs what is missing, starts the server and waits until it listens.
	 * @throws StackException when it cannot be installed or does not come up; the message
	 * ends with the log's last lines
	 */
	public static RtspTestCamera start(Options options) {
		Path tools = toolsFolder();
		Path log = options.logDir().resolve("rtsp-camera-" + SEQUENCE.incrementAndGet() + ".log");
		try {
			Files.createDirectories(options.logDir());
			Files.writeString(log, "");
		}
		catch (IOException ex) {
			throw new StackException("cannot write the test camera's log " + log + ": " + ex.getMessage(), ex);
		}
		RtspTestCamera camera = new RtspTestCamera(options, tools, log);
		camera.install();
		camera.launch(options.port());
		return camera;
	}

	/** {@code rtsp://127.0.0.1:<port>/cam<mount>}, without credentials. */
	public String url(int mount) {
		return "rtsp://127.0.0.1:" + port() + path(mount);
	}

	/**
	 * Like {@link #url}, with the user and password in the URL (as given, not
	 * percent-encoded) when the camera has them.
	 */
	public String urlWithCredentials(int mount) {
		if (this.options.user() == null) {
			return url(mount);
		}
		return "rtsp://" + this.options.user() + ":" + this.options.password() + "@127.0.0.1:" + port() + path(mount);
	}

	public synchronized int port() {
		return this.port;
	}

	public Options options() {
		return this.options;
	}

	/** The server's output (and the installer's), for a failing test to show. */
	public Path log() {
		return this.log;
	}

	/**
	 * Stops the server: clients lose their connections and new ones are refused until
	 * {@link #restart}.
	 */
	public synchronized void stop() {
		if (this.process == null || !this.process.isAlive()) {
			return;
		}
		resume();
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Freezes the server (SIGSTOP): connections stay open and nothing is sent, as with a
	 * camera that hangs. {@link #resume} undoes it; {@link #stop} resumes it first.
	 */
	public synchronized void pause() {
		signal("STOP");
	}

	public synchronized void resume() {
		signal("CONT");
	}

	private void signal(String name) {
		if (this.process != null && this.process.isAlive()) {
			Commands.signal(this.process.pid(), name, "the test camera");
		}
	}

	/** Stops the server if it runs and starts it again on the same port. */
	public synchronized void restart() {
		stop();
		launch(this.port);
	}

	@Override
	public void close() {
		stop();
	}

	private void install() {
		int exit = Commands.run(List.of(BASH.toString(), this.tools.resolve("install").toString()),
				ProcessBuilder.Redirect.appendTo(this.log.toFile()), INSTALL_TIMEOUT);
		if (exit != 0) {
			throw new StackException("the test camera's packages are missing (" + this.tools.resolve("install")
					+ " exited with " + exit + "): " + tail(5));
		}
	}

	private void launch(int requestedPort) {
		List<String> command = new ArrayList<>();
		if (Files.isExecutable(SETSID)) {
			// A session of its own, like the platform's JVMs: Ctrl-C reaches only the
			// JVM.
			command.add(SETSID.toString());
		}
		command.addAll(
				List.of(PYTHON.toString(), this.tools.resolve("rtsp-camera.py").toString(), "--address", "127.0.0.1",
						"--port", Integer.toString(requestedPort), "--mounts", Integer.toString(this.options.mounts()),
						"--codec", this.options.codec().name().toLowerCase(Locale.ROOT), "--exit-on-stdin-eof"));
		if (this.options.audio()) {
			command.add("--audio");
		}
		if (this.options.user() != null) {
			command.addAll(List.of("--user", this.options.user(), "--password", this.options.password()));
		}
		long offset = this.log.toFile().length();
		try {
			// Standard input stays a pipe from this JVM: when the JVM dies, the camera
			// sees end of file and exits.
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new StackException("the test camera could not be started: " + ex.getMessage(), ex);
		}
		this.port = awaitReady(offset);
	}

	private int awaitReady(long offset) {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (true) {
			boolean exited = !this.process.isAlive();
			Matcher ready = READY.matcher(output(offset));
			if (ready.find()) {
				return Integer.parseInt(ready.group(1));
			}
			if (exited) {
				throw new StackException(
						"the test camera exited with code " + this.process.exitValue() + ": " + tail(5));
			}
			if (System.nanoTime() > deadline) {
				stop();
				throw new StackException(
						"the test camera did not listen within " + READY_TIMEOUT.toSeconds() + " s: " + tail(5));
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				stop();
				Thread.currentThread().interrupt();
				throw new StackException("interrupted while starting the test camera", ex);
			}
		}
	}

	private String output(long offset) {
		try {
			byte[] all = Files.readAllBytes(this.log);
			int from = (int) Math.min(offset, all.length);
			return new String(all, from, all.length - from, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private String tail(int lines) {
		List<String> all = output(0).lines().toList();
		return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size())) + " (log: " + this.log
				+ ")";
	}

	private String path(int mount) {
		if (mount < 1 || mount > this.options.mounts()) {
			throw new IllegalArgumentException(
					"mount " + mount + " does not exist: the camera has mounts 1.." + this.options.mounts());
		}
		return "/cam" + mount;
	}

	/**
	 * {@code tools/test-camera} of this checkout: below the system property
	 * {@code media.project.dir}, or else below the nearest folder above the working
	 * directory that holds {@code mvnw}.
	 */
	static Path toolsFolder() {
		String configured = System.getProperty("media.project.dir");
		Path home = null;
		if (configured != null && !configured.isBlank()) {
			home = Path.of(configured).toAbsolutePath();
		}
		else {
			for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
				if (Files.isRegularFile(folder.resolve("mvnw"))) {
					home = folder;
					break;
				}
			}
		}
		if (home == null || !Files.isRegularFile(home.resolve(TOOLS).resolve("rtsp-camera.py"))) {
			throw new StackException("cannot find " + TOOLS + "/rtsp-camera.py above " + Path.of("").toAbsolutePath()
					+ ": run from the checkout or set -Dmedia.project.dir");
		}
		return home.resolve(TOOLS);
	}

	public enum Codec {

		H264, H265, MJPEG

	}

	/**
	 * How to run the camera.
	 *
	 * @param mounts how many cameras: {@code /cam1 .. /cam<mounts>}, one encoder for all
	 * @param codec the video codec
	 * @param port the RTSP port; 0 lets the server pick a free one, kept across
	 * {@link #restart()}
	 * @param user with {@code password}, the only credentials the camera accepts (basic
	 * auth); {@code null} for an open camera
	 * @param password the password of {@code user}
	 * @param logDir where the log file goes
	 * @param audio whether an AAC audio track goes with the video
	 */
	public record Options(int mounts, Codec codec, int port, String user, String password, Path logDir, boolean audio) {

		public Options {
			if (mounts < 1) {
				throw new IllegalArgumentException("mounts must be at least 1, not " + mounts);
			}
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("port must be 0..65535, not " + port);
			}
			if ((user == null) != (password == null)) {
				throw new IllegalArgumentException("user and password go together");
			}
			Objects.requireNonNull(codec, "codec");
			Objects.requireNonNull(logDir, "logDir");
		}

		/** One H.264 mount on a free port, open, logging into {@code target/}. */
		public static Options defaults() {
			return new Options(1, Codec.H264, 0, null, null, Path.of("target"), false);
		}

		public Options withMounts(int mounts) {
			return new Options(mounts, this.codec, this.port, this.user, this.password, this.logDir, this.audio);
		}

		public Options withCodec(Codec codec) {
			return new Options(this.mounts, codec, this.port, this.user, this.password, this.logDir, this.audio);
		}

		public Options withPort(int port) {
			return new Options(this.mounts, this.codec, port, this.user, this.password, this.logDir, this.audio);
		}

		public Options withCredentials(String user, String password) {
			return new Options(this.mounts, this.codec, this.port, user, password, this.logDir, this.audio);
		}

		/** Adds an AAC audio track (a sine tone) to the video. */
		public Options withAudio() {
			return new Options(this.mounts, this.codec, this.port, this.user, this.password, this.logDir, true);
		}

		public Options withLogDir(Path logDir) {
			return new Options(this.mounts, this.codec, this.port, this.user, this.password, logDir, this.audio);
		}

		@Override
		public String toString() {
			return "Options[mounts=" + this.mounts + ", codec=" + this.codec + ", port=" + this.port + ", user="
					+ this.user + ", password=" + ((this.password != null) ? "****" : null) + ", logDir=" + this.logDir
					+ "]";
		}

	}

}
