package dev.mediaplatform.auth.config;

import dev.mediaplatform.auth.ratelimit.TooManyAttempts;
import dev.mediaplatform.auth.token.InvalidRefreshToken;
import dev.mediaplatform.auth.user.UserExceptions;
import dev.mediaplatform.servlet.ApiExceptionHandlerSupport;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every error of auth-service as an RFC 9457 problem detail: the platform's generic ones
 * from {@link ApiExceptionHandlerSupport}, and the account errors here.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ApiExceptionHandlerSupport {

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

}
