package dev.mediaplatform.camera.config;

import java.util.List;
import java.util.Map;

import dev.mediaplatform.camera.camera.CameraNotFound;
import dev.mediaplatform.camera.camera.InvalidCameraInput;
import dev.mediaplatform.camera.camera.NotAllowed;
import dev.mediaplatform.camera.sharing.UserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.core.PropertyReferenceException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of camera-service as an RFC 9457 problem detail; unexpected ones without
 * their message.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(InvalidCameraInput.class)
	ProblemDetail invalid(InvalidCameraInput ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", ex.getMessage());
		problem.setProperty("errors", List.of(Map.of("field", ex.field(), "message", ex.getMessage())));
		return problem;
	}

	@ExceptionHandler(CameraNotFound.class)
	ProblemDetail notFound(CameraNotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "No such camera", ex.getMessage());
	}

	@ExceptionHandler(NotAllowed.class)
	ProblemDetail notAllowed(NotAllowed ex) {
		return problem(HttpStatus.FORBIDDEN, "Not allowed", ex.getMessage());
	}

	@ExceptionHandler(UserDirectory.UnknownUser.class)
	ProblemDetail unknownUser(UserDirectory.UnknownUser ex) {
		return problem(HttpStatus.NOT_FOUND, "No such user", ex.getMessage());
	}

	@ExceptionHandler(UserDirectory.DirectoryUnavailable.class)
	ProblemDetail directoryUnavailable(UserDirectory.DirectoryUnavailable ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Account service unavailable", ex.getMessage());
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
