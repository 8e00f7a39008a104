package dev.mediaplatform.e2e;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the hostile-input tests ({@link HostileInputIT}, {@link RecordingHostileInputIT})
 * build requests from a document's path templates and judge and report the answers: the
 * rule is the same for both, so it is written once.
 */
final class HostileAnswers {

	private static final JsonMapper json = JsonMapper.shared();

	private HostileAnswers() {
	}

	/**
	 * Whether an answer is an RFC 9457 problem detail: its content type, a status that
	 * matches the answer's and a title.
	 */
	static boolean isProblem(int status, String contentType, String body) {
		if (!contentType.startsWith("application/problem+json")) {
			return false;
		}
		try {
			JsonNode problem = json.readTree(body);
			return problem.path("status").asInt() == status && !problem.path("title").asString().isBlank();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** {@code text} on one line and at most 160 characters, for a failure message. */
	static String abbreviate(String text) {
		String oneLine = text.replaceAll("[\\p{Cntrl}]", "?");
		return (oneLine.length() > 160) ? oneLine.substring(0, 160) + "…(" + oneLine.length() + ")" : oneLine;
	}

	/**
	 * {@code template} with each {@code {name}} replaced by its valid value, encoded, or
	 * by {@code hostile} as written for {@code hostileName} (some hostile ids are
	 * percent-encodings already; encode the others with {@link #encode}).
	 */
	static String expand(String template, Map<String, String> valid, String hostileName, String hostile) {
		StringBuilder path = new StringBuilder();
		int at = 0;
		while (at < template.length()) {
			int open = template.indexOf('{', at);
			if (open < 0) {
				path.append(template, at, template.length());
				break;
			}
			int close = template.indexOf('}', open);
			path.append(template, at, open);
			String name = template.substring(open + 1, close);
			path.append(name.equals(hostileName) ? hostile : encode(valid.getOrDefault(name, "x")));
			at = close + 1;
		}
		return path.toString();
	}

	/** {@code value} percent-encoded for a path segment or a query value. */
	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
