package dev.mediaplatform.worker.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One camera's HLS output (and recording chunks, if it records) under test, in this JVM
 * or in an ffmpeg process, and the moments ({@link System#nanoTime()}, 0 until known)
 * that measure it.
 */
abstract class HlsStream {

	/** The HLS shape of both sides. */
	static final double SEGMENT_SECONDS = 1.0;

	static final int PLAYLIST_SIZE = 6;

	final String name;

	final Path folder;

	/** Where its recording chunks go (beside its HLS folder), or {@code null}. */
	final Path chunks;

	/** The start call. */
	volatile long t0;

	/** The first bytes from the camera, known only in this JVM. */
	volatile long firstPacket;

	/** The first read of the playlist that listed a segment. */
	volatile long polledFirst;

	volatile double firstExtinf = Double.NaN;

	/** Segments written, or playlist rewrites seen, to find stalls. */
	private final List<Long> updates = Collections.synchronizedList(new ArrayList<>());

	HlsStream(String name, Path folder, boolean records) {
		this.name = name;
		this.folder = folder;
		this.chunks = records ? folder.resolveSibling(folder.getFileName() + "-chunks") : null;
	}

	/** In-process streams wait at the gate, so that N of them start together. */
	abstract void start(CountDownLatch gate) throws IOException;

	abstract void requestStop();

	/** Waits for the stop requested at {@code since}; returns whether it stopped. */
	abstract boolean awaitStop(long since);

	/** When it had its first playable playlist, as far as it can tell, or 0. */
	abstract long firstPlaylist();

	abstract boolean running();

	/** Why it never went live, after its name in the report. */
	abstract String notLive();

	/** The processes doing its work besides this JVM. */
	abstract List<Long> pids();

	/** After the stop: its failures and errors. */
	abstract void addProblems(Phase phase) throws IOException;

	Path playlist() {
		return this.folder.resolve("index.m3u8");
	}

	boolean started() {
		return firstPlaylist() > 0;
	}

	boolean doneStarting() {
		return started() || !running();
	}

	boolean live() {
		return started() && running();
	}

	double startSeconds() {
		return secondsTo(firstPlaylist());
	}

	double secondsTo(long nanos) {
		return (nanos > 0) ? (nanos - this.t0) / 1e9 : Double.NaN;
	}

	void updated(long nanos) {
		this.updates.add(nanos);
	}

	List<Long> updates() {
		synchronized (this.updates) {
			return new ArrayList<>(this.updates);
		}
	}

}
