package dev.mediaplatform.servlet;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.MethodParameter;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The {@code page} and {@code size} of every paged route (a handler taking a
 * {@link Pageable}), checked before Spring Data reads them: its resolver quietly replaces
 * a value it cannot use by the default (and caps the size), and a page far enough out
 * overflowed the store's {@code int} offset and answered items from the start. A value
 * that is not an integer, a negative page, a size outside 1–{@value #MAX_SIZE} or a page
 * whose offset no store can skip to is a 400 problem detail naming the parameter, as the
 * OpenAPI documents say. One rule for auth-service and camera-service alike.
 * <p>
 * A library class, no auto-configuration: each service subclasses it as a
 * {@code @Configuration} of its own (so that its {@code @WebMvcTest} slices, which take
 * every {@link WebMvcConfigurer}, hold the rule too).
 */
public class PageParameters implements WebMvcConfigurer, HandlerInterceptor {

	/** Spring Data's own cap, which was applied silently before. */
	public static final int MAX_SIZE = 2000;

	/** Spring Data's default size where a route names none. */
	private static final int DEFAULT_SIZE = 20;

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (handler instanceof HandlerMethod method) {
			for (MethodParameter parameter : method.getMethodParameters()) {
				if (Pageable.class.isAssignableFrom(parameter.getParameterType())) {
					check(request, parameter);
					break;
				}
			}
		}
		return true;
	}

	private static void check(HttpServletRequest request, MethodParameter pageable) {
		long page = read(request, "page", 0, Integer.MAX_VALUE, 0);
		long size = read(request, "size", 1, MAX_SIZE, defaultSize(pageable));
		if (page * size > Integer.MAX_VALUE) {
			throw invalid("page",
					"is too large for this size: page × size must stay below " + (Integer.MAX_VALUE + 1L));
		}
	}

	private static long defaultSize(MethodParameter pageable) {
		PageableDefault defaults = pageable.getParameterAnnotation(PageableDefault.class);
		return (defaults != null) ? defaults.size() : DEFAULT_SIZE;
	}

	private static long read(HttpServletRequest request, String name, long min, long max, long absent) {
		String[] values = request.getParameterValues(name);
		if (values == null) {
			return absent;
		}
		String message = "must be an integer from " + min + " to " + max;
		if (values.length != 1 || !values[0].matches("[0-9]{1,10}")) {
			throw invalid(name, message);
		}
		long value = Long.parseLong(values[0]);
		if (value < min || value > max) {
			throw invalid(name, message);
		}
		return value;
	}

	private static ErrorResponseException invalid(String parameter, String message) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, parameter + " " + message);
		problem.setTitle("Invalid request");
		problem.setProperty("errors", List.of(Map.of("field", parameter, "message", parameter + " " + message)));
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

}
