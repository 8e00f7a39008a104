package dev.mediaplatform.auth;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * The 400 for a body that could not be read, worded apart from the handler that answers
 * it because it is the one answer that has to look inside Jackson's exceptions.
 */
final class UnreadableBodies {

	private UnreadableBodies() {
	}

	/**
	 * Names what was wrong with a body Jackson could not read, in the terms of the JSON
	 * sent, never Jackson's own message (it names Java classes).
	 */
	static ProblemDetail problem(HttpMessageNotReadableException ex) {
		if (ex.getCause() == null) {
			// Spring's "Required request body is missing": no body, or the JSON null.
			return invalid(
					"the body is missing: send a JSON object with the fields this route takes; see /v3/api-docs/auth");
		}
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		if (cause instanceof StreamReadException malformed) {
			TokenStreamLocation at = malformed.getLocation();
			String where = (at != null && at.getLineNr() > 0)
					? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "";
			return invalid("the body is not valid JSON" + where);
		}
		if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
			String field = jackson.getPath()
				.stream()
				.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
						: "[" + reference.getIndex() + "]")
				.collect(Collectors.joining("."))
				.replace(".[", "[");
			String message = (cause instanceof PropertyBindingException) ? "is not a known field" : "must be "
					+ jsonType((cause instanceof MismatchedInputException mismatch) ? mismatch.getTargetType() : null);
			ProblemDetail problem = invalid(field + " " + message);
			problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
			return problem;
		}
		return invalid("the body must be a JSON object with the fields this route takes; see /v3/api-docs/auth");
	}

	private static String jsonType(Class<?> type) {
		if (type == null) {
			return "another JSON type";
		}
		if (CharSequence.class.isAssignableFrom(type)) {
			return "a JSON string";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class)) {
			return "a JSON number";
		}
		if (type.isArray() || Collection.class.isAssignableFrom(type)) {
			return "a JSON array";
		}
		return "a JSON object";
	}

	private static ProblemDetail invalid(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Invalid request");
		return problem;
	}

}
