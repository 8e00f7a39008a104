package dev.mediaplatform.gateway.security;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Takes the {@code resource_metadata} parameter (RFC 9728) out of the bearer challenges
 * of the services' answers: Spring Security's resource server names its own address there
 * ({@code http://10.0.3.7:8081/.well-known/oauth-protected-resource}), which clients must
 * not learn and could not reach, and the gateway publishes no such metadata itself. The
 * rest of the challenge ({@code error}, {@code error_description}) is kept.
 */
@Component
class BackendChallengeFilter implements HttpHeadersFilter {

	/**
	 * The parameter with its value (quoted, or a token) and the comma that joins it to
	 * the next parameter or to the one before.
	 */
	private static final Pattern RESOURCE_METADATA = Pattern.compile(
			"(,\\s*)?\\bresource_metadata\\s*=\\s*(?:\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s,]*)(\\s*,\\s*)?",
			Pattern.CASE_INSENSITIVE);

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		List<String> challenges = input.get(HttpHeaders.WWW_AUTHENTICATE);
		if (challenges == null || challenges.stream().noneMatch((value) -> RESOURCE_METADATA.matcher(value).find())) {
			return input;
		}
		HttpHeaders filtered = HttpHeaders.copyOf(input);
		filtered.put(HttpHeaders.WWW_AUTHENTICATE,
				challenges.stream().map(BackendChallengeFilter::withoutResourceMetadata).toList());
		return filtered;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.RESPONSE;
	}

	static String withoutResourceMetadata(String challenge) {
		Matcher parameter = RESOURCE_METADATA.matcher(challenge);
		StringBuilder result = new StringBuilder();
		while (parameter.find()) {
			// Between two parameters one comma stays; at either end none.
			boolean between = parameter.group(1) != null && parameter.group(2) != null;
			parameter.appendReplacement(result, between ? ", " : "");
		}
		parameter.appendTail(result);
		return result.toString().strip();
	}

}
