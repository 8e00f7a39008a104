package dev.mediaplatform.gateway.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Holds the requests that wait for a live playlist to change (blocking reloads, preload
 * hints) without a thread each: hundreds of players waiting on one gateway is ordinary.
 * One thread polls, every interval, the attributes of only those playlists that have
 * waiters, re-reads a playlist when they changed, and completes the waiters it now
 * satisfies, or whose bound has passed. The playlists are on storage shared by several
 * nodes, often NFS, where inotify sees only the node's own writes: polling the attributes
 * is what works everywhere, and it costs one {@code stat} per watched playlist and
 * interval, whatever the number of its waiters.
 * <p>
 * A playlist is known changed by its modification time, size and file key (its inode):
 * the worker replaces it by rename, so each version is a new file even where the
 * modification time is coarse.
 */
final class PlaylistWatch implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PlaylistWatch.class);

	private final Map<Path, Folder> folders = new ConcurrentHashMap<>();

	private final AtomicInteger waiting = new AtomicInteger();

	private final int maxWaiting;

	private final Scheduler scheduler;

	private final Disposable polling;

	/**
	 * Starts polling.
	 * @param interval how often the watched playlists are looked at
	 * @param maxWaiting the most requests held at once; more are refused, not queued
	 */
	PlaylistWatch(Duration interval, int maxWaiting) {
		this.maxWaiting = maxWaiting;
		this.scheduler = Schedulers.newSingle("live-playlist-watch", true);
		this.polling = this.scheduler.schedulePeriodically(this::poll, interval.toNanos(), interval.toNanos(),
				TimeUnit.NANOSECONDS);
	}

	/**
	 * Waits until {@code ready} holds for the playlist. The condition is tried on the
	 * playlist as it is when the wait begins, then on every new version.
	 * @param playlist the playlist file
	 * @param ready runs on the watching thread: quick, and blocking at most for a
	 * {@code stat}
	 * @param bound how long to wait at most
	 * @return the version of the playlist that satisfied the condition; empty when the
	 * bound passed first; {@link Full} when too many requests wait already
	 */
	Mono<LivePlaylist> await(Path playlist, Predicate<LivePlaylistState> ready, Duration bound) {
		return Mono.defer(() -> {
			if (this.waiting.incrementAndGet() > this.maxWaiting) {
				this.waiting.decrementAndGet();
				return Mono.error(Full.at(this.maxWaiting));
			}
			Waiter waiter = new Waiter(ready, System.nanoTime() + bound.toNanos());
			this.folders.compute(playlist, (path, folder) -> {
				Folder joined = (folder != null) ? folder : new Folder();
				joined.waiters.add(waiter);
				return joined;
			});
			// Answered off the watching thread: a slow subscriber must not hold up the
			// others.
			return waiter.answer.asMono()
				.publishOn(Schedulers.parallel())
				.doFinally((signal) -> leave(playlist, waiter));
		});
	}

	/** The requests held now. */
	int waiting() {
		return this.waiting.get();
	}

	/** The playlists polled now: only those with waiters. */
	int watched() {
		return this.folders.size();
	}

	/** Stops polling; whoever still waits is answered as if the bound had passed. */
	@Override
	public void close() {
		this.polling.dispose();
		this.scheduler.dispose();
		this.folders.values().forEach((folder) -> folder.waiters.forEach((waiter) -> waiter.answer.tryEmitEmpty()));
	}

	/**
	 * Whoever is done (answered, out of time, or gone: the client closed the connection)
	 * leaves, and a playlist nobody waits for any more is no longer polled.
	 */
	private void leave(Path playlist, Waiter waiter) {
		if (waiter.left.compareAndSet(false, true)) {
			this.folders.computeIfPresent(playlist, (path, folder) -> {
				folder.waiters.remove(waiter);
				return folder.waiters.isEmpty() ? null : folder;
			});
			this.waiting.decrementAndGet();
		}
	}

	private void poll() {
		long now = System.nanoTime();
		this.folders.forEach((playlist, folder) -> {
			try {
				folder.poll(playlist, now);
			}
			catch (RuntimeException ex) {
				// An exception would end the periodic task, and with it every wait's
				// bound.
				log.warn("Could not look at the live playlist {}", playlist, ex);
			}
		});
	}

	/** A playlist's waiters and what the watcher last read of it. */
	private static final class Folder {

		final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

		// Read and written by the watching thread only.
		private Version version;

		private LivePlaylist playlist;

		void poll(Path path, long now) {
			boolean changed = refresh(path);
			for (Waiter waiter : this.waiters) {
				if (waiter.done) {
					continue;
				}
				if (this.playlist != null && (changed || !waiter.tried)) {
					waiter.tried = true;
					if (waiter.test(this.playlist)) {
						continue;
					}
				}
				if (now - waiter.deadline >= 0) {
					waiter.done = true;
					waiter.answer.tryEmitEmpty();
				}
			}
		}

		/** Whether there is a new version of the playlist, read now. */
		private boolean refresh(Path path) {
			try {
				BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
						LinkOption.NOFOLLOW_LINKS);
				Version version = new Version(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
				if (version.equals(this.version)) {
					return false;
				}
				this.playlist = LivePlaylist.read(path);
				this.version = version;
				return true;
			}
			catch (IOException ex) {
				// Gone, or not there yet: nothing to decide on; the waiters wait out
				// their bound.
				this.playlist = null;
				this.version = null;
				return false;
			}
		}

	}

	/** What tells one version of a playlist from the next. */
	private record Version(FileTime modified, long size, Object fileKey) {
	}

	private static final class Waiter {

		final Predicate<LivePlaylistState> ready;

		final long deadline;

		final Sinks.One<LivePlaylist> answer = Sinks.one();

		final AtomicBoolean left = new AtomicBoolean();

		// Read and written by the watching thread only.
		boolean tried;

		boolean done;

		Waiter(Predicate<LivePlaylistState> ready, long deadline) {
			this.ready = ready;
			this.deadline = deadline;
		}

		/**
		 * Answers the waiter when the playlist satisfies it; a condition that fails is
		 * the request's error, not the watcher's.
		 */
		boolean test(LivePlaylist playlist) {
			try {
				if (!this.ready.test(playlist.state())) {
					return false;
				}
				this.done = true;
				this.answer.tryEmitValue(playlist);
			}
			catch (RuntimeException ex) {
				this.done = true;
				this.answer.tryEmitError(ex);
			}
			return true;
		}

	}

	/** More requests wait than the gateway holds: the player is told to try again. */
	static final class Full extends RuntimeException {

		private Full(String message) {
			// Thrown when the gateway is busiest: no stack trace to fill.
			super(message, null, false, false);
		}

		static Full at(int maxWaiting) {
			return new Full("more than " + maxWaiting + " requests wait for live playlists on this gateway");
		}

	}

}
