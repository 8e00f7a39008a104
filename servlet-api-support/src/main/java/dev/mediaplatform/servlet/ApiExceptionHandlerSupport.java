package dev.mediaplatform.servlet;

import java.util.List;
import java.util.Map;

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
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The errors every servlet API of the platform answers alike, as RFC 9457 problem
 * details: Spring MVC's own (unreadable JSON, wrong types, 404, 405, 415, ...), invalid
 * request bodies with one entry per field, unknown sort properties, and unexpected
 * exceptions without their message. A service subclasses it in its one
 * {@code @RestControllerAdvice} and adds the handlers of its own exceptions.
 */
public abstract class ApiExceptionHandlerSupport extends ResponseEntityExceptionHandler {

	private static final String INVALID_REQUEST = "Invalid request";

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
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, INVALID_REQUEST, detail);
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler(PropertyReferenceException.class)
	protected ProblemDetail unknownSortProperty(PropertyReferenceException ex) {
		return problem(HttpStatus.BAD_REQUEST, INVALID_REQUEST, "cannot sort by '" + ex.getPropertyName() + "'");
	}

	/** Left to Spring Security, which answers 401/403 with {@code WWW-Authenticate}. */
	@ExceptionHandler({ AccessDeniedException.class, AuthenticationException.class })
	protected void security(RuntimeException ex) {
		throw ex;
	}

	@ExceptionHandler(Exception.class)
	protected ProblemDetail unexpected(Exception ex) {
		this.logger.error("Unexpected error", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"the request could not be completed; it has been logged");
	}

	protected static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
