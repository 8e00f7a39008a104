package dev.mediaplatform.worker.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.mediaplatform.worker.media.MediaFailure;

/**
 * Which worker may write a camera's files: a small file on the shared storage holding an
 * epoch, the holder and whether it let go. Kafka gives a camera's partition to one worker
 * at a time, but a worker that was paused (a long GC pause, a frozen node, a cut network)
 * past its session timeout does not know it lost the partition until it runs again, and
 * its pipelines would go on writing. The lease fences it:
 * <ul>
 * <li>a new owner raises the epoch before its first write; when the previous holder did
 * not let go, it then waits twice the check interval, so that a holder that is still
 * running sees the new epoch before the new owner writes;</li>
 * <li>a holder reads the lease again before a write whenever more than the check interval
 * passed since the last reading (by the monotonic clock, which runs on while a process is
 * stopped, so the first write after a pause always reads it), and writes nothing more
 * once the epoch is not its own.</li>
 * </ul>
 * Two workers taking the camera at the same moment both write their epoch; the one whose
 * write lost sees it when it reads the lease back, before its first write. The storage
 * must rename atomically and show a renamed file to the next open on every node (NFS:
 * close-to-open consistency, which is its default).
 */
final class CameraLease {

	/** Whether the holder still writes. */
	enum Hold {

		HELD, RELEASED

	}

	/**
	 * What the lease file says: {@code <epoch> <HELD|RELEASED> <holder>}.
	 *
	 * @param epoch raised by every new holder
	 * @param hold whether the holder still writes
	 * @param holder the worker process that holds it
	 */
	record Entry(long epoch, Hold hold, String holder) {

		String format() {
			return this.epoch + " " + this.hold + " " + this.holder + "\n";
		}

		/** The entry a file holds; an unreadable one counts as none (epoch 0). */
		static Optional<Entry> parse(String text) {
			String[] parts = text.strip().split(" ", 3);
			if (parts.length != 3) {
				return Optional.empty();
			}
			try {
				return Optional.of(new Entry(Long.parseLong(parts[0]), Hold.valueOf(parts[1]), parts[2]));
			}
			catch (IllegalArgumentException ex) {
				return Optional.empty();
			}
		}

	}

	private final Path file;

	private final String holder;

	private final long checkNanos;

	/** The epoch this pipeline holds, or -1 before it took the lease. */
	private volatile long epoch = -1;

	/** When the lease was last read and found ours ({@link System#nanoTime()}). */
	private volatile long confirmedAt;

	/** The entry that replaced ours, once another worker took the camera over. */
	private volatile Entry lostTo;

	/**
	 * @param file where the camera's lease lives
	 * @param holder this worker process, unique across restarts
	 * @param check how long one reading of the lease allows writing
	 */
	CameraLease(Path file, String holder, Duration check) {
		this.file = file;
		this.holder = holder;
		this.checkNanos = check.toNanos();
	}

	/**
	 * Takes the lease, or confirms it when this pipeline holds it already (after a
	 * reconnect). Blocks for the grace period when another holder did not let go.
	 * @return whether this pipeline holds the lease; {@code false} when another worker
	 * took it meanwhile (see {@link #lostTo()})
	 * @throws IOException when the storage cannot be read or written
	 */
	boolean acquire() throws IOException, InterruptedException {
		Optional<Entry> current = read();
		if (this.epoch >= 0) {
			return confirmed(current);
		}
		long next = current.map((entry) -> entry.epoch() + 1).orElse(1L);
		write(new Entry(next, Hold.HELD, this.holder));
		this.epoch = next;
		boolean otherMayWrite = current.isPresent() && current.get().hold() == Hold.HELD
				&& !current.get().holder().equals(this.holder);
		if (otherMayWrite) {
			TimeUnit.NANOSECONDS.sleep(2 * this.checkNanos);
		}
		return confirmed(read());
	}

	/**
	 * Before a write: passes at once within the check interval of the last reading, reads
	 * the lease otherwise.
	 * @throws MediaFailure fenced when another worker holds the lease, transient when it
	 * cannot be read
	 */
	void confirm() throws MediaFailure {
		if (this.lostTo != null) {
			throw fenced();
		}
		if (this.epoch < 0) {
			throw MediaFailure.fenced("the camera's lease was not taken");
		}
		if (System.nanoTime() - this.confirmedAt < this.checkNanos) {
			return;
		}
		Optional<Entry> current;
		try {
			current = read();
		}
		catch (IOException ex) {
			throw MediaFailure.transientFailure("cannot read the camera's lease on the storage (" + ex.getMessage()
					+ "): nothing is written until the storage answers; check the shared volume");
		}
		if (!confirmed(current)) {
			throw fenced();
		}
	}

	/** Whether another worker took the camera over. */
	boolean lost() {
		return this.lostTo != null;
	}

	/** The entry of the worker that took the camera over, if one did. */
	Optional<Entry> lostTo() {
		return Optional.ofNullable(this.lostTo);
	}

	long epoch() {
		return this.epoch;
	}

	/**
	 * Lets go: the next owner need not wait. Only while the lease is still this
	 * pipeline's.
	 */
	void release() throws IOException {
		if (this.epoch < 0 || this.lostTo != null) {
			return;
		}
		Optional<Entry> current = read();
		if (confirmed(current)) {
			write(new Entry(this.epoch, Hold.RELEASED, this.holder));
		}
	}

	private boolean confirmed(Optional<Entry> current) {
		Entry mine = new Entry(this.epoch, Hold.HELD, this.holder);
		if (current.isPresent() && current.get().equals(mine)) {
			this.confirmedAt = System.nanoTime();
			return true;
		}
		this.lostTo = current.orElse(new Entry(0, Hold.RELEASED, "nobody (the lease was removed)"));
		return false;
	}

	private MediaFailure fenced() {
		Entry other = this.lostTo;
		return MediaFailure.fenced("another worker (" + other.holder() + ") took the camera over (lease epoch "
				+ this.epoch + " → " + other.epoch() + "); this one writes nothing more to its files");
	}

	private Optional<Entry> read() throws IOException {
		try {
			return Entry.parse(Files.readString(this.file, StandardCharsets.UTF_8));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
	}

	private void write(Entry entry) throws IOException {
		Files.createDirectories(this.file.getParent());
		Path temporary = this.file.resolveSibling(this.file.getFileName() + "." + UUID.randomUUID() + ".tmp");
		try {
			Files.writeString(temporary, entry.format(), StandardCharsets.UTF_8);
			try {
				Files.move(temporary, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				throw new IOException("the storage cannot rename atomically, which fencing needs: " + ex.getMessage(),
						ex);
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

}
