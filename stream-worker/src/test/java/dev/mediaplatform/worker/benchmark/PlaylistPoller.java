package dev.mediaplatform.worker.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.mediaplatform.worker.benchmark.Bench.read;

/**
 * Reads each stream's playlist every 20 ms until it lists a segment, the way a player
 * would see it go live. With {@code follow}, it then notes every rewrite (modification
 * time, every 100 ms) as the stream's updates: how an ffmpeg process's segments are seen.
 */
final class PlaylistPoller extends Thread {

	static final long POLL_MILLIS = 20;

	private static final Pattern EXTINF = Pattern.compile("#EXTINF:([0-9.]+)");

	final List<HlsStream> streams;

	private final boolean follow;

	private final Map<HlsStream, Long> modified = new HashMap<>();

	private volatile boolean finished;

	PlaylistPoller(List<HlsStream> streams, boolean follow) {
		super("playlist-poller");
		setDaemon(true);
		this.streams = streams;
		this.follow = follow;
	}

	@Override
	public void run() {
		for (long round = 0; !this.finished; round++) {
			long now = System.nanoTime();
			for (HlsStream stream : this.streams) {
				if (stream.t0 == 0) {
					continue;
				}
				if (stream.polledFirst == 0) {
					Matcher matcher = EXTINF.matcher(read(stream.playlist()));
					if (matcher.find()) {
						stream.polledFirst = now;
						stream.firstExtinf = Double.parseDouble(matcher.group(1));
						this.modified.put(stream, modifiedMillis(stream));
						if (this.follow) {
							stream.updated(now);
						}
					}
				}
				else if (this.follow && round % 5 == 0) {
					long millis = modifiedMillis(stream);
					Long before = this.modified.put(stream, millis);
					if (before != null && before != millis) {
						stream.updated(now);
					}
				}
			}
			try {
				Thread.sleep(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** Waits a while for the playlists of streams that reported a segment themselves. */
	void awaitStarted(long millis) {
		long deadline = System.nanoTime() + millis * 1_000_000;
		while (System.nanoTime() < deadline
				&& this.streams.stream().anyMatch((s) -> s.started() && s.polledFirst == 0)) {
			Bench.sleep(POLL_MILLIS);
		}
	}

	void finish() {
		this.finished = true;
		try {
			join(2000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static long modifiedMillis(HlsStream stream) {
		try {
			return Files.getLastModifiedTime(stream.playlist()).toMillis();
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
