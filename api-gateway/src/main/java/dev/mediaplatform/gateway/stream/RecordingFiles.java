package dev.mediaplatform.gateway.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import dev.mediaplatform.fmp4.Mp4Index;
import dev.mediaplatform.fmp4.Mp4Join;
import dev.mediaplatform.storagelayout.StorageNames;
import dev.mediaplatform.storagelayout.StoragePaths;

import org.springframework.core.io.FileSystemResource;

/**
 * The recording chunks on the shared storage, as the {@code storage-layout} module places
 * and names them: {@code recordings/{cameraId}/{yyyy}/{MM}/{dd}/{startMillis}.mp4} (the
 * UTC date of {@code startMillis}), and {@code .open/{startMillis}} in the camera's
 * folder while a chunk is being written. A path is built from a canonical camera id and
 * the digits of a recording id only, and must still be a child of the camera's folder;
 * this class adds that the file is served only when no symbolic link sits anywhere below
 * {@code recordings/}.
 */
final class RecordingFiles {

	/**
	 * ISO 8601 in its basic form: a download name without the colons that some file
	 * systems refuse.
	 */
	private static final DateTimeFormatter DOWNLOAD_TIME = DateTimeFormatter
		.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	/** The longest a chunk runs (the workers' longest chunk length, and a GOP). */
	static final long LONGEST_CHUNK_MILLIS = 3_610_000;

	private final StoragePaths paths;

	private final Path recordings;

	RecordingFiles(Path storageDir) {
		this.paths = new StoragePaths(storageDir);
		this.recordings = this.paths.recordingsRoot();
	}

	/**
	 * Where a chunk is, or would be.
	 *
	 * @param cameraId the camera
	 * @param start when the chunk starts (its id)
	 * @param path the chunk file
	 * @param openMarker the file beside it while it is being written
	 */
	record RecordingFile(String cameraId, Instant start, Path path, Path openMarker) {

		/** The picture of the chunk's first keyframe, beside it. */
		Path thumbnail() {
			return this.path.resolveSibling(StorageNames.thumbnailFileName(this.start.toEpochMilli()));
		}

		/** A file name for a browser that saves it: ids and time only, no user text. */
		String downloadName() {
			return this.cameraId + "-" + basicIso(this.start) + ".mp4";
		}

	}

	/** A time in ISO 8601's basic form, for file names. */
	static String basicIso(Instant time) {
		return DOWNLOAD_TIME.format(time);
	}

	/** What the storage holds under a recording's name right now. */
	enum State {

		/** No chunk, or not a plain file reached without links. */
		MISSING,

		/** Being written: it grows, and its content may still change. */
		GROWING,

		/** Closed: it never changes under this name (but may be deleted). */
		COMPLETE

	}

	/** The chunk's place, when both ids are what a worker writes; empty otherwise. */
	Optional<RecordingFile> find(String cameraId, String recordingId) {
		OptionalLong start = StorageNames.chunkId(recordingId);
		if (!StorageNames.isCameraId(cameraId) || start.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(at(cameraId, start.getAsLong()));
	}

	private RecordingFile at(String cameraId, long startMillis) {
		return new RecordingFile(cameraId, Instant.ofEpochMilli(startMillis), this.paths.chunk(cameraId, startMillis),
				this.paths.openMarker(cameraId, startMillis));
	}

	/**
	 * Looks at the storage (blocking). A chunk counts only as a regular file whose real
	 * path is the one built here below the real {@code recordings/} folder: a link to a
	 * file or a linked folder on the way makes it {@link State#MISSING}. When it cannot
	 * be told whether the marker exists, the chunk is taken to be growing.
	 */
	State stateOf(RecordingFile file) {
		try {
			Path expected = this.recordings.toRealPath().resolve(this.recordings.relativize(file.path()));
			if (!file.path().toRealPath().equals(expected)
					|| !Files.readAttributes(expected, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
						.isRegularFile()) {
				return State.MISSING;
			}
		}
		catch (IOException ex) {
			return State.MISSING;
		}
		return Files.notExists(file.openMarker(), LinkOption.NOFOLLOW_LINKS) ? State.COMPLETE : State.GROWING;
	}

	/**
	 * What of a chunk being written can be served (blocking): its initialization and its
	 * complete fragments, a playable MP4 that never changes (fragments are appended
	 * whole, and a complete one is never rewritten). The fragment in progress, and the
	 * half of one a failed write left behind, are never served.
	 * @return the complete part, or empty while not one fragment is complete
	 */
	Optional<FileSystemResource> completePart(RecordingFile file) throws IOException {
		Mp4Index index = Mp4Index.read(file.path());
		return index.playable() ? Optional.of(new CompletePart(file.path(), index.completeBytes())) : Optional.empty();
	}

	/**
	 * The first {@code length} bytes of a growing file. Not a file to the resource
	 * writer, whose zero-copy transfer sends a file's length as it is when it sends, so
	 * that only these bytes go out, ranges of them included.
	 */
	static final class CompletePart extends FileSystemResource {

		private final long length;

		CompletePart(Path file, long length) {
			super(file);
			this.length = length;
		}

		@Override
		public boolean isFile() {
			return false;
		}

		@Override
		public long contentLength() {
			return this.length;
		}

		@Override
		public InputStream getInputStream() throws IOException {
			return Channels.newInputStream(readableChannel());
		}

		@Override
		public ReadableByteChannel readableChannel() throws IOException {
			FileChannel channel = FileChannel.open(getFile().toPath(), StandardOpenOption.READ);
			return new ReadableByteChannel() {

				private long left = CompletePart.this.length;

				@Override
				public int read(ByteBuffer target) throws IOException {
					if (this.left <= 0) {
						return -1;
					}
					int limit = target.limit();
					if (target.remaining() > this.left) {
						target.limit(target.position() + (int) this.left);
					}
					try {
						int read = channel.read(target);
						if (read > 0) {
							this.left -= read;
						}
						return read;
					}
					finally {
						target.limit(limit);
					}
				}

				@Override
				public boolean isOpen() {
					return channel.isOpen();
				}

				@Override
				public void close() throws IOException {
					channel.close();
				}

			};
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof CompletePart part && super.equals(part) && this.length == part.length;
		}

		@Override
		public int hashCode() {
			return Long.hashCode(this.length) * 31 + super.hashCode();
		}

	}

	/**
	 * The camera's chunk files that may hold something of {@code [fromMillis, toMillis)}
	 * (blocking), oldest first: those that start in the range or up to
	 * {@link #LONGEST_CHUNK_MILLIS} before it. Only regular files under the names built
	 * here are listed, never through a link.
	 */
	List<Mp4Join.Chunk> chunksBetween(String cameraId, long fromMillis, long toMillis) {
		if (!StorageNames.isCameraId(cameraId)) {
			return List.of();
		}
		long earliest = Math.max(0, fromMillis - LONGEST_CHUNK_MILLIS);
		List<Mp4Join.Chunk> chunks = new ArrayList<>();
		LocalDate last = LocalDate.ofInstant(Instant.ofEpochMilli(toMillis), ZoneOffset.UTC);
		for (LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(earliest), ZoneOffset.UTC); !day
			.isAfter(last); day = day.plusDays(1)) {
			Path folder = this.paths.dayFolder(cameraId, day);
			if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
				continue;
			}
			try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + StorageNames.CHUNK_SUFFIX)) {
				for (Path file : files) {
					long start = StorageNames.startOf(file.getFileName().toString());
					if (start < earliest || start >= toMillis) {
						continue;
					}
					RecordingFile found = at(cameraId, start);
					if (found.path().equals(file) && stateOf(found) != State.MISSING) {
						chunks.add(new Mp4Join.Chunk(file, start));
					}
				}
			}
			catch (IOException ex) {
				// A folder that vanished (retention) holds nothing to export.
			}
		}
		chunks.sort(Comparator.comparingLong(Mp4Join.Chunk::startMillis));
		return chunks;
	}

}
