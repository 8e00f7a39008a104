package dev.mediaplatform.gateway.web;

import dev.mediaplatform.gateway.web.WebRequests.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The web UI served by the gateway itself. A router function's mapping runs before the
 * gateway's routes, so a browser asking for {@code /login} gets the page while
 * {@code POST /login} still goes to auth-service; every request {@link WebRequests} gives
 * to the UI is answered here (the security configuration lets anyone make them), and no
 * other.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	private static final Logger log = LoggerFactory.getLogger(WebConfiguration.class);

	@Bean
	WebUi webUi(WebUiProperties properties, ResourceLoader resources) {
		BundledFiles bundled = BundledFiles.load(resources.getClassLoader());
		if (properties.dir() == null) {
			log.info("Serving the web UI built into the gateway: {} files, version {}", bundled.size(),
					bundled.version());
			return new WebUi(bundled);
		}
		DirectoryFiles directory = new DirectoryFiles(properties.dir(), bundled);
		log.warn("Serving the web UI from {} (GATEWAY_WEB_DIR), re-read on every request and never cached: "
				+ "for development only", directory.root());
		return new WebUi(directory);
	}

	@Bean
	RouterFunction<ServerResponse> webRoutes(WebUi ui) {
		return routes(ui);
	}

	static RouterFunction<ServerResponse> routes(WebUi ui) {
		return RouterFunctions.route()
			.route(kind(Kind.PAGE), ui::page)
			.route(kind(Kind.NO_PAGE), ui::noPage)
			.route(kind(Kind.ASSET), ui::asset)
			.route(kind(Kind.ICON), ui::icon)
			.build();
	}

	private static RequestPredicate kind(Kind kind) {
		return (request) -> WebRequests.classify(request.exchange().getRequest()) == kind;
	}

}
