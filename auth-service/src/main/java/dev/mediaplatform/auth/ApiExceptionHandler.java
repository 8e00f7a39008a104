package dev.mediaplatform.auth;

import java.util.List;
import java.util.stream.Collectors;

import dev.mediaplatform.auth.ratelimit.TooManyAttempts;
import dev.mediaplatform.auth.token.InvalidRefreshToken;
import dev.mediaplatform.auth.user.UserExceptions;
import dev.mediaplatform.servlet.ApiExceptionHandlerSupport;

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
 * request"). It maps every feature's exceptions, so it sits beside the application class:
 * the features know nothing of HTTP status codes, and {@code config} imports no feature.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ApiExceptionHandlerSupport {

	static final String NO_ROUTE = "there is no such route; the API is described at /v3/api-docs/auth and /v3/api-docs/cameras";

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
		// The gateway reads "account deleted" to stop accepting this account's tokens
		// at once.
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
		return handleExceptionInternal(ex, UnreadableBodies.problem(ex), headers, status, request);
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

	private static String mediaTypes(List<MediaType> types) {
		return types.isEmpty() ? "application/json"
				: types.stream().map(MediaType::toString).collect(Collectors.joining(" or "));
	}

}
