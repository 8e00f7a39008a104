package dev.mediaplatform.auth;

import java.net.URI;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page as a problem detail, in place of Boot's
 * {@code {timestamp, status, error}}: it answers the errors that never reached a
 * controller (a filter's {@code sendError}, an exception thrown by a filter). Asked for
 * directly, {@code /error} is an unknown route like any other, and so it is not in the
 * OpenAPI document.
 */
@Hidden
@RestController
class ErrorPageController implements ErrorController {

	@RequestMapping("/error")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatus status = (request.getDispatcherType() == DispatcherType.ERROR
				&& request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)
						? HttpStatus.resolve(code) : null;
		if (status == null) {
			status = HttpStatus.NOT_FOUND;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(status));
		problem.setTitle(status.getReasonPhrase());
		if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
			try {
				problem.setInstance(URI.create(path));
			}
			catch (IllegalArgumentException ex) {
				// A path that is no valid URI (it may be why the request failed) is
				// left out.
			}
		}
		// Set, not negotiated: an error page answers whatever the client accepts.
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static String detail(HttpStatus status) {
		return switch (status) {
			case NOT_FOUND -> ApiExceptionHandler.NO_ROUTE;
			case BAD_REQUEST -> "the request could not be read: check its URL, headers and body";
			case PAYLOAD_TOO_LARGE -> "the request is too large";
			default -> status.is5xxServerError() ? "the request could not be completed; it has been logged"
					: status.getReasonPhrase().toLowerCase(Locale.ROOT);
		};
	}

}
