package dev.mediaplatform.e2e;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's files under {@code monitoring/}: the Grafana dashboard and the
 * Prometheus alert rules, their PromQL expressions, and the metric names those name.
 */
final class MonitoringFiles {

	static final Path HOME = Path.of(System.getProperty("media.home", "..")).toAbsolutePath().normalize();

	static final Path DASHBOARD = HOME.resolve("monitoring/grafana/media-platform.json");

	static final Path ALERTS = HOME.resolve("monitoring/prometheus/alerts.yml");

	/** Series Prometheus makes itself for every target; no service exports them. */
	static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");

	private static final Pattern LABELS = Pattern.compile("\\{[^}]*\\}");

	private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(?=\\s*(\\()?)");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan");

	private MonitoringFiles() {
	}

	static JsonNode dashboard() throws IOException {
		return JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
	}

	/** Every panel's title and its queries, in order. */
	static Map<String, List<String>> dashboardQueries() throws IOException {
		Map<String, List<String>> queries = new LinkedHashMap<>();
		for (JsonNode panel : dashboard().path("panels")) {
			List<String> exprs = new ArrayList<>();
			for (JsonNode target : panel.path("targets")) {
				if (!target.path("expr").asString("").isBlank()) {
					exprs.add(target.path("expr").asString());
				}
			}
			queries.put(panel.path("title").asString(), exprs);
		}
		return queries;
	}

	/** Every rule's alert name and its expression. */
	@SuppressWarnings("unchecked")
	static Map<String, String> alertExpressions() throws IOException {
		Map<String, String> rules = new LinkedHashMap<>();
		try (Reader reader = Files.newBufferedReader(ALERTS)) {
			Map<String, Object> file = new Yaml().load(reader);
			for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
				for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
					rules.put(String.valueOf(rule.get("alert")), String.valueOf(rule.get("expr")));
				}
			}
		}
		return rules;
	}

	/**
	 * The metric names a PromQL expression reads: what is left once strings, label
	 * matchers, ranges, groupings, functions, keywords and numbers are taken out.
	 */
	static Set<String> metricNames(String expr) {
		String rest = STRING.matcher(expr).replaceAll(" ");
		rest = LABELS.matcher(rest).replaceAll(" ");
		rest = RANGE.matcher(rest).replaceAll(" ");
		rest = GROUPING.matcher(rest).replaceAll(" ");
		Set<String> names = new TreeSet<>();
		Matcher matcher = IDENTIFIER.matcher(rest);
		while (matcher.find()) {
			String word = matcher.group();
			boolean function = matcher.group(1) != null;
			boolean partOfNumber = matcher.start() > 0 && Character.isDigit(rest.charAt(matcher.start() - 1));
			if (!function && !partOfNumber && !KEYWORDS.contains(word.toLowerCase())) {
				names.add(word);
			}
		}
		return names;
	}

	/** Series names on a Prometheus page (histograms appear with their suffixes). */
	static Set<String> exported(String prometheusPage) {
		Set<String> names = new TreeSet<>();
		for (String line : prometheusPage.split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				names.add(line.split("[{ ]", 2)[0]);
			}
		}
		return names;
	}

}
