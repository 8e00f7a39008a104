package dev.mediaplatform.gateway.stream;

import java.nio.file.Files;
import java.time.Clock;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mediaplatform.streamurl.StreamUrlKey;
import dev.mediaplatform.streamurl.StreamUrlToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Live HLS served by the gateway itself from the shared storage. A router function's
 * mapping runs before the gateway's routes, so {@code /streams/**} never reaches a
 * service. Who may call what is in the gateway's security configuration: the signed form
 * is open (its token is checked here), the bearer form needs a valid token.
 */
@Configuration(proxyBeanMethods = false)
class StreamConfiguration {

	private static final Logger log = LoggerFactory.getLogger(StreamConfiguration.class);

	private static final RequestPredicate READ = RequestPredicates.method(HttpMethod.GET)
		.or(RequestPredicates.method(HttpMethod.HEAD));

	@Bean
	RouterFunction<ServerResponse> streamRoutes(StreamHandler streams) {
		return RouterFunctions.route()
			.route(READ.and(RequestPredicates.path("/streams/{cameraId}/{token}/{file}")), streams::signed)
			.route(READ.and(RequestPredicates.path("/streams/{cameraId}/{file}")), streams::withBearer)
			.route(RequestPredicates.path("/streams/**"), streams::notFound)
			.build();
	}

	@Bean
	StreamHandler streamHandler(StreamProperties properties, WebClient loadBalancedWebClient) {
		if (!Files.isDirectory(properties.storageDir())) {
			log.warn("The stream storage {} (STORAGE_DIR) does not exist yet; every stream answers 404 until it does",
					properties.storageDir().toAbsolutePath());
		}
		CameraAccess access = new CameraAccess(loadBalancedWebClient, properties.camerasUri(),
				properties.accessTimeout(),
				Caffeine.newBuilder()
					.expireAfterWrite(properties.accessCacheTtl())
					.maximumSize(properties.accessCacheSize())
					.buildAsync());
		StreamUrlToken tokens = new StreamUrlToken(StreamUrlKey.load(properties.keyFile(), properties.generateKey()));
		return new StreamHandler(new LiveFiles(properties.storageDir()), tokens, Clock.systemUTC(), access,
				properties.segmentMaxAge());
	}

}
