package dev.mediaplatform.worker.benchmark;

import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

import dev.mediaplatform.worker.benchmark.Proc.Jvm;
import dev.mediaplatform.worker.benchmark.Proc.Mem;
import dev.mediaplatform.worker.benchmark.RecordingCheck.Output;

import static dev.mediaplatform.worker.benchmark.Bench.f2;
import static dev.mediaplatform.worker.benchmark.Bench.mb;
import static dev.mediaplatform.worker.benchmark.Bench.pct;
import static dev.mediaplatform.worker.benchmark.Bench.ratio;
import static dev.mediaplatform.worker.benchmark.Markdown.add;
import static dev.mediaplatform.worker.benchmark.Markdown.header;
import static dev.mediaplatform.worker.benchmark.Markdown.row;

/**
 * The report's "Recording" part: CPU and memory per stream of live + recording, ours
 * against ffmpeg and each against its own live only, and what the recording sides wrote.
 * A side whose chunks did not grow or decode is shown as failed, not as figures.
 */
record RecordingSection(Options options, Jvm baseline, List<Phase> phases) {

	private static final String FAILED = "failed";

	void append(StringBuilder md) {
		add(md, """
				### Recording: live + recording per stream

				Live HLS and %s s recording chunks from one camera connection (`+rec`), against live only (the tables \
				above). "ours / ffmpeg": ours live+rec / ffmpeg live+rec, below 1 means ours needs less. "live → \
				live+rec": what recording costs each side, with live+rec / live in brackets. CPU in %% of one core, \
				measured as above; memory measured as above (ours: growth of this JVM over its idle baseline). Besides \
				writing, ours does the worker's own work once per chunk (such as a thumbnail of its first keyframe, \
				and reading the closed chunk's fragment index back and forcing it to disk for its announcement); \
				ffmpeg only writes.

				""", FfmpegProcess.seconds(this.options.chunkSeconds()));
		header(md, "N", "CPU ours", "CPU ffmpeg", "ours / ffmpeg", "CPU ours: live → live+rec",
				"CPU ffmpeg: live → live+rec", "anonymous ours", "anonymous ffmpeg", "ours / ffmpeg", "PSS ours",
				"PSS ffmpeg", "ours / ffmpeg", "anonymous ours: live → live+rec", "anonymous ffmpeg: live → live+rec");
		for (int n : this.options.counts()) {
			Phase ours = Phase.find(this.phases, "ours" + Side.RECORDING_SUFFIX, n);
			Phase theirs = Phase.find(this.phases, "ffmpeg" + Side.RECORDING_SUFFIX, n);
			Phase oursLive = Phase.find(this.phases, "ours", n);
			Phase theirsLive = Phase.find(this.phases, "ffmpeg", n);
			if (ours == null || theirs == null || oursLive == null || theirsLive == null) {
				continue;
			}
			row(md, n, cpu(ours), cpu(theirs), compare(ours, theirs, ours.cpuPerStream(), theirs.cpuPerStream()),
					cost(oursLive, ours, Phase::cpuPerStream, Bench::pct),
					cost(theirsLive, theirs, Phase::cpuPerStream, Bench::pct), memory(ours, anonKb(ours)),
					memory(theirs, anonKb(theirs)), compare(ours, theirs, anonKb(ours), anonKb(theirs)),
					memory(ours, pssKb(ours)), memory(theirs, pssKb(theirs)),
					compare(ours, theirs, pssKb(ours), pssKb(theirs)), cost(oursLive, ours, this::anonKb, Bench::mb),
					cost(theirsLive, theirs, this::anonKb, Bench::mb));
		}
		md.append('\n');
		appendOutput(md);
	}

	private void appendOutput(StringBuilder md) {
		header(md, "configuration", "chunks that grew in the window", "chunk files after the stop",
				"written per stream in the window", "decoded after the stop: frames, media time of the time run",
				"result");
		for (Phase phase : this.phases) {
			Output out = phase.recording;
			if (phase.records && out != null) {
				row(md, phase.label(), out.grown() + "/" + out.streams(), out.files(),
						f2(out.mbitPerStream()) + " Mbit/s", out.decodedStreams() + " stream(s): " + out.coverage(),
						phase.recordingFailed() ? "**FAILED**: " + out.problems().size() + " problem(s), see Health"
								: "ok");
			}
		}
		add(md, """

				Chunks that grew: streams whose chunk files (`*.mp4` below their folder) had more bytes at the end of \
				the window than at its start; written per stream: those bytes in Mbit/s (both sides copy the same \
				video, so they should write about the same, give or take a one-second fragment at the window's ends). \
				Decoded: every video frame of every chunk of the first and the last stream, with the bundled \
				`ffprobe -count_frames`, after the streams stopped; their media time (the chunks' duration as ffprobe \
				reads it) against the time from the start call to the stop: the difference is the connection setup \
				and the wait for the first keyframe. A configuration whose chunks did not all grow, or did not decode cleanly, is \
				failed: its CPU and memory are not given as figures.

				""");
	}

	private String cpu(Phase phase) {
		return phase.recordingFailed() ? FAILED : pct(phase.cpuPerStream());
	}

	private String memory(Phase phase, double kb) {
		return phase.recordingFailed() ? FAILED : mb(kb);
	}

	private static String compare(Phase ours, Phase theirs, double oursValue, double theirsValue) {
		return (ours.recordingFailed() || theirs.recordingFailed()) ? "-" : ratio(oursValue, theirsValue);
	}

	/** "live → live+rec (ratio)" of one side. */
	private static String cost(Phase live, Phase recording, ToDoubleFunction<Phase> measure,
			DoubleFunction<String> format) {
		if (recording.recordingFailed()) {
			return FAILED;
		}
		double before = measure.applyAsDouble(live);
		double after = measure.applyAsDouble(recording);
		return format.apply(before) + " → " + format.apply(after) + " (" + ratio(after, before) + ")";
	}

	private double anonKb(Phase phase) {
		return growth(phase).anonKb() / (double) phase.n;
	}

	private double pssKb(Phase phase) {
		return growth(phase).pssKb() / (double) phase.n;
	}

	private Mem growth(Phase phase) {
		return phase.growth(this.baseline);
	}

}
