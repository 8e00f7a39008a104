package dev.mediaplatform.auth.config;

import java.util.List;
import java.util.Map;

import dev.mediaplatform.auth.ratelimit.TooManyAttempts;
import dev.mediaplatform.auth.token.InvalidRefreshToken;
import dev.mediaplatform.auth.user.UserExceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.core.PropertyReferenceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of auth-service as an RFC 9457 problem detail; unexpected ones without
 * their message.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
			.toList();
		String detail = String.join("; ",
				errors.stream().map((error) -> error.get("field") + " " + error.get("message")).toList());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Invalid request");
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

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

	@ExceptionHandler(PropertyReferenceException.class)
	ProblemDetail unknownSortProperty(PropertyReferenceException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid request", "cannot sort by '" + ex.getPropertyName() + "'");
	}

	/** Left to Spring Security, which answers 401/403 with {@code WWW-Authenticate}. */
	@ExceptionHandler({ AccessDeniedException.class, AuthenticationException.class })
	void security(RuntimeException ex) {
		throw ex;
	}

	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex) {
		log.error("Unexpected error", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"the request could not be completed; it has been logged");
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
