package dev.mediaplatform.worker.benchmark;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Writing the report's Markdown: formatted text, tables and code blocks. */
final class Markdown {

	private Markdown() {
	}

	static void add(StringBuilder md, String format, Object... args) {
		md.append(String.format(Locale.ROOT, format, args));
	}

	static void header(StringBuilder md, String... names) {
		row(md, (Object[]) names);
		md.append("|").append("---|".repeat(names.length)).append('\n');
	}

	static void row(StringBuilder md, Object... cells) {
		md.append("| ")
			.append(Arrays.stream(cells).map(String::valueOf).collect(Collectors.joining(" | ")))
			.append(" |\n");
	}

	static void block(StringBuilder md, String title, List<String> lines, int limit) {
		md.append(title).append("\n\n```\n");
		lines.stream().limit(limit).forEach((line) -> md.append(line).append('\n'));
		md.append("```\n\n");
	}

}
