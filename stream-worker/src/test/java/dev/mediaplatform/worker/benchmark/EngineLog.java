package dev.mediaplatform.worker.benchmark;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.mediaplatform.worker.media.ffmpeg.FfmpegEngine;
import org.slf4j.LoggerFactory;

/**
 * This JVM's log while the benchmark runs: FFmpeg's own messages (which
 * {@link FfmpegEngine} logs at debug) and any warning, counted per benchmark phase and
 * kept for the report.
 */
final class EngineLog extends AppenderBase<ILoggingEvent> {

	private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

	private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	private volatile String phase = "setup";

	/** Replaces the root logger's appenders with one instance of this. */
	static EngineLog install() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.detachAndStopAllAppenders();
		root.setLevel(Level.INFO);
		context.getLogger(FfmpegEngine.class).setLevel(Level.DEBUG);
		EngineLog log = new EngineLog();
		log.setContext(context);
		log.setName("benchmark");
		log.start();
		root.addAppender(log);
		return log;
	}

	void phase(String phase) {
		this.phase = phase;
	}

	List<String> lines() {
		return new ArrayList<>(this.lines);
	}

	Map<String, Integer> counts() {
		return this.counts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, (e) -> e.getValue().get()));
	}

	@Override
	protected void append(ILoggingEvent event) {
		if (!event.getLevel().isGreaterOrEqual(Level.WARN)
				&& !event.getLoggerName().equals(FfmpegEngine.class.getName())) {
			return;
		}
		String phase = this.phase;
		int count = this.counts.computeIfAbsent(phase, (key) -> new AtomicInteger()).incrementAndGet();
		String line = LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + event.getLevel() + " ["
				+ event.getThreadName() + "] " + event.getFormattedMessage();
		if (this.lines.size() < 200) {
			this.lines.add(line);
		}
		if (count <= 5) {
			System.err.println("  [log] " + line);
		}
		else if (count == 6) {
			System.err.println("  [log] (more log lines in " + phase + " are counted in the report)");
		}
	}

}
