package dev.mediaplatform.auth.config;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.mediaplatform.auth.ratelimit.TooManyAttempts;
import dev.mediaplatform.auth.token.InvalidRefreshToken;
import dev.mediaplatform.auth.user.UserExceptions;
import dev.mediaplatform.servlet.ApiExceptionHandlerSupport;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error of auth-service as an RFC 9457 problem detail: the platform's generic ones
 * from {@link ApiExceptionHandlerSupport}, the account errors, and Spring MVC's own
 * errors with a detail that says what to send instead (Spring's say "Failed to read
 * request").
 */
@RestControllerAdvice
class ApiExceptionHandler extends ApiExceptionHandlerSupport {

	static final String NO_ROUTE = "there is no such route; the API is described at /v3/api-docs";

	@ExceptionHandler(UserExceptions.UsernameTaken.class)
	ProblemDetail usernameTaken(UserExceptions.UsernameTaken ex) {
		return problem(HttpStatus.CONFLICT, "Username taken", ex.getMessage());
	}

	@ExceptionHandler(UserExceptions.BadCredentials.class)
	ResponseEntity<ProblemDetail> badCredentials(UserExceptions.BadCredentials ex) {
		return unauthorized("Bearer realm=\"media-platform\"",
				problem(HttpStatus.UNAUTHORIZED, "Login failed", ex.getMessage()));
	}

	@ExceptionHandler(UserExceptions.UserNotFound.class)
	ProblemDetail userNotFound(UserExceptions.UserNotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "No such user", ex.getMessage());
	}

	@ExceptionHandler(UserExceptions.AccountGone.class)
	ResponseEntity<ProblemDetail> accountGone(UserExceptions.AccountGone ex) {
		// The gateway reads "account deleted" to stop accepting this account's tokens at
		// once.
		return unauthorized("Bearer error=\"invalid_token\", error_description=\"account deleted\"",
				problem(HttpStatus.UNAUTHORIZED, "Account deleted", ex.getMessage()));
	}

	@ExceptionHandler(InvalidRefreshToken.class)
	ResponseEntity<ProblemDetail> invalidRefreshToken(InvalidRefreshToken ex) {
		return unauthorized("Bearer error=\"invalid_token\", error_description=\"invalid refresh token\"",
				problem(HttpStatus.UNAUTHORIZED, "Invalid refresh token", ex.getMessage()));
	}

	/** Every 401 carries a challenge (RFC 9110). */
	private static ResponseEntity<ProblemDetail> unauthorized(String challenge, ProblemDetail problem) {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, challenge)
			.body(problem);
	}

	@ExceptionHandler(TooManyAttempts.class)
	ResponseEntity<ProblemDetail> tooManyAttempts(TooManyAttempts ex) {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.body(problem(HttpStatus.TOO_MANY_REQUESTS, "Too many attempts", ex.getMessage()));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex, unreadable(ex), headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String sent = (ex.getContentType() != null) ? "Content-Type was " + ex.getContentType()
				: "there was no Content-Type";
		String detail = "send the body as " + mediaTypes(ex.getSupportedMediaTypes()) + " (" + sent + ")";
		return handleExceptionInternal(ex, problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type", detail),
				headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String[] supported = ex.getSupportedMethods();
		String detail = (supported != null && supported.length > 0)
				? "this route answers " + String.join(", ", supported) + ", not " + ex.getMethod()
				: "this route does not answer " + ex.getMethod();
		return handleExceptionInternal(ex, problem(HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed", detail),
				headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex, problem(HttpStatus.NOT_FOUND, "Not Found", NO_ROUTE), headers, status,
				request);
	}

	/**
	 * Names what was wrong with a body Jackson could not read, in the terms of the JSON
	 * sent, never Jackson's own message (it names Java classes).
	 */
	private static ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		if (ex.getCause() == null) {
			// Spring's "Required request body is missing": no body, or the JSON null.
			return problem(HttpStatus.BAD_REQUEST, "Invalid request",
					"the body is missing: send a JSON object with the fields this route takes; see /v3/api-docs");
		}
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		if (cause instanceof StreamReadException malformed) {
			TokenStreamLocation at = malformed.getLocation();
			String where = (at != null && at.getLineNr() > 0)
					? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "";
			return problem(HttpStatus.BAD_REQUEST, "Invalid request", "the body is not valid JSON" + where);
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
			ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", field + " " + message);
			problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
			return problem;
		}
		return problem(HttpStatus.BAD_REQUEST, "Invalid request",
				"the body must be a JSON object with the fields this route takes; see /v3/api-docs");
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

	private static String mediaTypes(List<MediaType> types) {
		return types.isEmpty() ? "application/json"
				: types.stream().map(MediaType::toString).collect(Collectors.joining(" or "));
	}

}
