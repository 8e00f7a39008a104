package dev.mediaplatform.camera;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.mediaplatform.camera.camera.CameraNotFound;
import dev.mediaplatform.camera.camera.InvalidCameraInput;
import dev.mediaplatform.camera.camera.NotAllowed;
import dev.mediaplatform.camera.recording.RecordingDeletionUnavailable;
import dev.mediaplatform.camera.recording.RecordingNotFound;
import dev.mediaplatform.camera.recording.RecordingStillOpen;
import dev.mediaplatform.camera.sharing.UserDirectory;
import dev.mediaplatform.servlet.ApiExceptionHandlerSupport;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/**
 * Every error of camera-service as an RFC 9457 problem detail: the platform's generic
 * ones from {@link ApiExceptionHandlerSupport}, and every feature's own errors here.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ApiExceptionHandlerSupport {

	/**
	 * A field of the wrong JSON type (a number or boolean for a name, a number for a
	 * switch: {@code JacksonConfiguration} coerces none) named as a field that is
	 * invalid; any other unreadable body as Spring words it.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (NestedExceptionUtils.getMostSpecificCause(ex) instanceof MismatchedInputException mismatch
				&& !mismatch.getPath().isEmpty()) {
			String field = mismatch.getPath()
				.stream()
				.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
						: "[" + reference.getIndex() + "]")
				.collect(Collectors.joining("."))
				.replace(".[", "[");
			String message = field + " must be " + jsonType(mismatch.getTargetType());
			ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", message);
			problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
			return handleExceptionInternal(ex, problem, headers, status, request);
		}
		return super.handleHttpMessageNotReadable(ex, headers, status, request);
	}

	private static String jsonType(Class<?> type) {
		if (type != null && CharSequence.class.isAssignableFrom(type)) {
			return "a JSON string";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (type != null && (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class))) {
			return "a JSON number";
		}
		return "of another JSON type";
	}

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

	@ExceptionHandler(RecordingNotFound.class)
	ProblemDetail recordingNotFound(RecordingNotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "No such recording", ex.getMessage());
	}

	@ExceptionHandler(RecordingStillOpen.class)
	ProblemDetail recordingStillOpen(RecordingStillOpen ex) {
		return problem(HttpStatus.CONFLICT, "Recording in progress", ex.getMessage());
	}

	@ExceptionHandler(RecordingDeletionUnavailable.class)
	ResponseEntity<ProblemDetail> recordingDeletionUnavailable(RecordingDeletionUnavailable ex) {
		this.logger.warn("Could not publish a recording deletion: " + ex.getCause());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Recordings unavailable", ex.getMessage()));
	}

	@ExceptionHandler(UserDirectory.InvalidUsername.class)
	ProblemDetail invalidUsername(UserDirectory.InvalidUsername ex) {
		String detail = "username " + ex.getMessage();
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", detail);
		problem.setProperty("errors", List.of(Map.of("field", "username", "message", detail)));
		return problem;
	}

	@ExceptionHandler(UserDirectory.UnknownUser.class)
	ProblemDetail unknownUser(UserDirectory.UnknownUser ex) {
		return problem(HttpStatus.NOT_FOUND, "No such user", ex.getMessage());
	}

	@ExceptionHandler(UserDirectory.DirectoryUnavailable.class)
	ProblemDetail directoryUnavailable(UserDirectory.DirectoryUnavailable ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Account service unavailable", ex.getMessage());
	}

}
