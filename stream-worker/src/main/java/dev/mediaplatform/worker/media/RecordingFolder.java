package dev.mediaplatform.worker.media;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import dev.mediaplatform.fmp4.Mp4Index;
import dev.mediaplatform.worker.storage.StorageLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's recording chunks on the shared storage. A chunk being written has a marker
 * beside the camera's chunks; the marker goes once the chunk's end has been announced. A
 * marker found by a pipeline that starts is a chunk a crashed (or cut-off) writer left:
 * it is cut after its last complete fragment, and announced as recovered.
 */
public final class RecordingFolder {

	private static final Logger log = LoggerFactory.getLogger(RecordingFolder.class);

	private final StorageLayout layout;

	private final String cameraId;

	public RecordingFolder(StorageLayout layout, String cameraId) {
		this.layout = layout;
		this.cameraId = cameraId;
	}

	public String cameraId() {
		return this.cameraId;
	}

	/** Creates the chunk's folders and its marker; returns the file to write. */
	public Path open(long startMillis) throws IOException {
		Path chunk = this.layout.chunk(this.cameraId, startMillis);
		Files.createDirectories(chunk.getParent());
		Path marker = this.layout.openMarker(this.cameraId, startMillis);
		Files.createDirectories(marker.getParent());
		Files.writeString(marker, this.layout.chunkPath(this.cameraId, startMillis));
		return chunk;
	}

	/** Where the chunk's thumbnail goes. */
	public Path thumbnail(long startMillis) {
		return this.layout.thumbnail(this.cameraId, startMillis);
	}

	public RecordedChunk opened(long startMillis, String codec) {
		return new RecordedChunk(startMillis, this.layout.chunkPath(this.cameraId, startMillis), startMillis, 0, codec,
				false, false, 0, List.of());
	}

	/**
	 * The chunk being written as far as it is settled: its initialization and the
	 * segments that no later write changes (every complete fragment is final as soon as
	 * it is on disk, only the last segment may still grow). Only reads the file, so the
	 * writer goes on undisturbed.
	 * @return the chunk so far ({@code complete} false), or {@code null} when nothing is
	 * settled yet or the file is gone
	 */
	public RecordedChunk progress(long startMillis) throws IOException {
		Mp4Index index;
		try {
			index = Mp4Index.read(this.layout.chunk(this.cameraId, startMillis));
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		List<Mp4Index.Segment> settled = index.settledSegments();
		if (index.initSize() == 0 || settled.isEmpty()) {
			return null;
		}
		Mp4Index.Segment last = settled.get(settled.size() - 1);
		long duration = settled.stream().mapToLong(Mp4Index.Segment::durationMillis).sum();
		return new RecordedChunk(startMillis, this.layout.chunkPath(this.cameraId, startMillis), startMillis + duration,
				last.offset() + last.size(), codecName(index.videoCodec()), false, false, index.initSize(), settled);
	}

	/**
	 * The written chunk as it is on disk: cut after its last complete fragment (whatever
	 * follows it is a fragment a failed write left half-written, or the optional
	 * {@code mfra} index, which nothing reads), forced to the disk, and described.
	 * @param recovered whether another run wrote it and did not close it
	 * @param damaged whether the writer saw a write fail (a cut without it is logged)
	 * @return the chunk, or {@code null} when nothing playable was written (the file and
	 * marker are removed then)
	 */
	public RecordedChunk close(long startMillis, boolean recovered, boolean damaged) throws IOException {
		Path chunk = this.layout.chunk(this.cameraId, startMillis);
		Mp4Index index;
		try {
			index = Mp4Index.read(chunk);
		}
		catch (NoSuchFileException ex) {
			Files.deleteIfExists(this.layout.openMarker(this.cameraId, startMillis));
			return null;
		}
		if (!index.playable()) {
			Files.deleteIfExists(this.layout.thumbnail(this.cameraId, startMillis));
			Files.deleteIfExists(chunk);
			Files.deleteIfExists(this.layout.openMarker(this.cameraId, startMillis));
			return null;
		}
		try (FileChannel channel = FileChannel.open(chunk, StandardOpenOption.WRITE)) {
			long size = channel.size();
			if (size > index.completeBytes()) {
				channel.truncate(index.completeBytes());
				if (!recovered && !damaged && size - index.completeBytes() > 4096) {
					log.warn("camera {}: chunk {} ended in {} bytes that are not a complete fragment; cut",
							this.cameraId, startMillis, size - index.completeBytes());
				}
			}
			channel.force(true);
		}
		long bytes = Files.size(chunk);
		return new RecordedChunk(startMillis, this.layout.chunkPath(this.cameraId, startMillis),
				startMillis + index.durationMillis(), bytes, codecName(index.videoCodec()), true, recovered,
				index.initSize(), index.segments());
	}

	/** The chunk's end was announced: it is no longer open. */
	public void announced(long startMillis) {
		try {
			Files.deleteIfExists(this.layout.openMarker(this.cameraId, startMillis));
		}
		catch (IOException ex) {
			log.warn("camera {}: cannot remove the marker of chunk {}: {}", this.cameraId, startMillis,
					ex.getMessage());
		}
	}

	/** Whether a writer left chunks open (markers without their closing announcement). */
	public boolean hasOpenChunks() {
		Path markers = this.layout.openMarkers(this.cameraId);
		if (!Files.isDirectory(markers)) {
			return false;
		}
		try (DirectoryStream<Path> found = Files.newDirectoryStream(markers)) {
			return found.iterator().hasNext();
		}
		catch (IOException ex) {
			return true;
		}
	}

	/**
	 * Closes what a writer left open: each marked chunk is cut after its last complete
	 * fragment. Chunks with nothing playable are removed.
	 * @return the recovered chunks (to announce), and those removed (complete false)
	 */
	public List<RecordedChunk> recover() {
		Path markers = this.layout.openMarkers(this.cameraId);
		List<RecordedChunk> recovered = new ArrayList<>();
		if (!Files.isDirectory(markers)) {
			return recovered;
		}
		try (DirectoryStream<Path> found = Files.newDirectoryStream(markers)) {
			for (Path marker : found) {
				long start = StorageLayout.startOf(marker.getFileName().toString());
				if (start < 0) {
					continue;
				}
				try {
					RecordedChunk chunk = close(start, true, true);
					recovered.add((chunk != null) ? chunk : opened(start, null));
					log.info("camera {}: chunk {} left open by an earlier writer {}", this.cameraId, start,
							(chunk != null) ? "recovered, " + chunk.durationMillis() + " ms" : "had nothing playable");
				}
				catch (IOException ex) {
					log.warn("camera {}: cannot recover chunk {}: {}", this.cameraId, start, ex.getMessage());
				}
			}
		}
		catch (IOException ex) {
			log.warn("camera {}: cannot list its open chunks: {}", this.cameraId, ex.getMessage());
		}
		return recovered;
	}

	/** Deletes a closed chunk and its thumbnail; returns whether the chunk existed. */
	public boolean delete(long startMillis) throws IOException {
		Files.deleteIfExists(this.layout.thumbnail(this.cameraId, startMillis));
		return Files.deleteIfExists(this.layout.chunk(this.cameraId, startMillis));
	}

	/**
	 * The camera's closed chunks on disk, oldest first; chunks being written (or left
	 * open by a crash, until recovered) are not listed.
	 */
	public List<Stored> stored() throws IOException {
		Path folder = this.layout.recordingsFolder(this.cameraId);
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		Set<Long> open = new HashSet<>();
		Path markers = this.layout.openMarkers(this.cameraId);
		if (Files.isDirectory(markers)) {
			try (DirectoryStream<Path> found = Files.newDirectoryStream(markers)) {
				found.forEach((marker) -> open.add(StorageLayout.startOf(marker.getFileName().toString())));
			}
		}
		List<Stored> stored = new ArrayList<>();
		// recordings/{cameraId}/{yyyy}/{MM}/{dd}/{startMillis}.mp4
		try (Stream<Path> files = Files.find(folder, 4,
				(path, attributes) -> attributes.isRegularFile() && path.getFileName().toString().endsWith(".mp4"))) {
			files.forEach((file) -> {
				long start = StorageLayout.startOf(file.getFileName().toString());
				if (start >= 0 && !open.contains(start) && file.equals(this.layout.chunk(this.cameraId, start))) {
					try {
						stored.add(new Stored(start, Files.size(file)));
					}
					catch (IOException ex) {
						// Deleted meanwhile.
					}
				}
			});
		}
		stored.sort(Comparator.comparingLong(Stored::startMillis));
		return stored;
	}

	/**
	 * A closed chunk on disk.
	 *
	 * @param startMillis its id
	 * @param bytes its size
	 */
	public record Stored(long startMillis, long bytes) {
	}

	/** Whether the chunk is being written (or was left open by a crash). */
	public boolean isOpen(long startMillis) {
		return Files.exists(this.layout.openMarker(this.cameraId, startMillis));
	}

	static String codecName(String sampleEntry) {
		if (sampleEntry == null) {
			return null;
		}
		return switch (sampleEntry.toLowerCase(Locale.ROOT)) {
			case "avc1", "avc3" -> "h264";
			case "hvc1", "hev1" -> "hevc";
			default -> sampleEntry;
		};
	}

}
