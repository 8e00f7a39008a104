package dev.mediaplatform.gateway.platform;

import java.time.Duration;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The gateway's Prometheus page, on a port of its own ({@code GATEWAY_METRICS_PORT}),
 * never on the public one: the gateway is the platform's only public door, and its
 * actuator there serves health and info alone. The other services serve
 * {@code /actuator/prometheus} on their own ports, which the gateway does not route to.
 */
@Component
class MetricsListener implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MetricsListener.class);

	static final String PATH = "/actuator/prometheus";

	private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

	private final PrometheusMeterRegistry registry;

	private final PlatformProperties properties;

	private volatile DisposableServer server;

	MetricsListener(PrometheusMeterRegistry registry, PlatformProperties properties) {
		this.registry = registry;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.server = HttpServer.create()
			.host(this.properties.metrics().host())
			.port(this.properties.metrics().port())
			.route((routes) -> routes.get(PATH,
					(request, response) -> response.header(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
						.sendString(Mono.fromCallable(this.registry::scrape))))
			.bindNow();
		log.info("Prometheus metrics on port {} ({})", this.server.port(), PATH);
	}

	@Override
	public void stop() {
		DisposableServer running = this.server;
		if (running != null) {
			running.disposeNow(Duration.ofSeconds(2));
			this.server = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	int port() {
		return this.server.port();
	}

}
