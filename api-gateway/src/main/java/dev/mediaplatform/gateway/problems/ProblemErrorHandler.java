package dev.mediaplatform.gateway.problems;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Every error that reaches WebFlux's error handling (no route, a method a route does not
 * take, a backend that cannot be reached, a failure of the gateway itself) answered as a
 * problem detail instead of Spring Boot's {@code {timestamp, path, ...}} JSON or an HTML
 * page. Details say what the client can do and never name an internal host, port or
 * exception; server-side failures are logged here with their cause.
 */
@Component
@Order(-2)
class ProblemErrorHandler implements ErrorWebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		HttpStatusCode status = statusOf(ex);
		if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
			exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
		}
		if (status.is5xxServerError() && status.value() != HttpStatus.SERVICE_UNAVAILABLE.value()
				&& status.value() != HttpStatus.GATEWAY_TIMEOUT.value()) {
			log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
		}
		else {
			log.debug("{} {} answered {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
					status.value(), ex.toString());
		}
		if (ex instanceof MethodNotAllowedException notAllowed && !notAllowed.getSupportedMethods().isEmpty()) {
			exchange.getResponse().getHeaders().setAllow(notAllowed.getSupportedMethods());
		}
		return Problems.write(exchange, status, detail(exchange, status, ex));
	}

	private static HttpStatusCode statusOf(Throwable ex) {
		if (ex instanceof NotFoundException) {
			// No instance of the route's service is registered: it is down or starting.
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		if (ex instanceof ErrorResponse response) {
			return response.getStatusCode();
		}
		if (ex instanceof java.util.concurrent.TimeoutException) {
			return HttpStatus.GATEWAY_TIMEOUT;
		}
		if (ex instanceof java.net.ConnectException || ex.getCause() instanceof java.net.ConnectException) {
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		return HttpStatus.INTERNAL_SERVER_ERROR;
	}

	private static String detail(ServerWebExchange exchange, HttpStatusCode status, Throwable ex) {
		return switch (status.value()) {
			case 404 -> "nothing here: " + exchange.getRequest().getMethod() + " of this path is not part of the API "
					+ "(the API is described at /v3/api-docs/cameras and /v3/api-docs/auth)";
			case 405 -> "this path does not take " + exchange.getRequest().getMethod()
					+ ((ex instanceof MethodNotAllowedException notAllowed
							&& !notAllowed.getSupportedMethods().isEmpty())
									? "; it takes " + notAllowed.getSupportedMethods() : "");
			case 406 -> "none of the accepted media types (Accept) can be produced here";
			case 415 -> "this content type is not accepted here; send application/json";
			case 400 -> (ex instanceof ServerWebInputException input && input.getReason() != null)
					? "the request cannot be read: " + input.getReason() : "the request cannot be read";
			case 503 -> "the service behind this route is not available right now; try again in a few seconds";
			case 504 -> "the service behind this route did not answer in time; try again";
			default -> status.is5xxServerError()
					? "the gateway failed to handle this request; try again, and report it if it keeps happening"
					: (HttpStatus.resolve(status.value()) != null)
							? HttpStatus.resolve(status.value()).getReasonPhrase() : "the request was refused";
		};
	}

}
