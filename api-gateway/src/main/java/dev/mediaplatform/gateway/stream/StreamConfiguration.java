package dev.mediaplatform.gateway.stream;

import java.nio.file.Files;
import java.time.Clock;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mediaplatform.streamurl.StreamUrlKey;
import dev.mediaplatform.streamurl.StreamUrlToken;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
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
import org.springframework.web.server.WebFilter;

/**
 * Live HLS and recording chunks served by the gateway itself from the shared storage. A
 * router function's mapping runs before the gateway's routes, so {@code /streams/**} and
 * the chunk files never reach a service, while every other recording route (list,
 * timeline, playlist, delete) falls through to camera-service's route. Who may call what
 * is in the gateway's security configuration: the signed form is open (its token is
 * checked here), the bearer forms need a valid token.
 */
@Configuration(proxyBeanMethods = false)
class StreamConfiguration {

	private static final Logger log = LoggerFactory.getLogger(StreamConfiguration.class);

	private static final RequestPredicate READ = RequestPredicates.method(HttpMethod.GET)
		.or(RequestPredicates.method(HttpMethod.HEAD));

	/**
	 * A chunk file: the recording id is epoch milliseconds. Names that are not digits
	 * ({@code timeline}, {@code playback.m3u8}) and other methods go to camera-service.
	 */
	static final String RECORDING_FILE = "/api/v1/cameras/{cameraId}/recordings/" + RecordingHandler.CHUNK_NAME;

	/** A chunk's thumbnail, beside the chunk. */
	static final String RECORDING_THUMBNAIL = "/api/v1/cameras/{cameraId}/recordings/{recordingId:[0-9]{1,15}}"
			+ "/thumbnail.jpg";

	/**
	 * Any other name under a camera's recordings: reading one is the chunk route's
	 * operation, so a name that is no chunk's answers as a missing recording here, not
	 * camera-service's 405 (it only deletes there).
	 */
	static final String RECORDING_NAME = "/api/v1/cameras/{cameraId}/recordings/{name}";

	/** What camera-service itself answers to a read under a camera's recordings. */
	static final RequestPredicate CAMERA_SERVICE_READS = RequestPredicates
		.path("/api/v1/cameras/{cameraId}/recordings/timeline")
		.or(RequestPredicates.path("/api/v1/cameras/{cameraId}/recordings/playback.m3u8"));

	/** A range of recordings joined into one MP4, also read from the storage here. */
	static final String RECORDING_EXPORT = "/api/v1/cameras/{cameraId}/recordings/export.mp4";

	@Bean
	RouterFunction<ServerResponse> streamRoutes(StreamHandler streams) {
		return RouterFunctions.route()
			.route(READ.and(RequestPredicates.path("/streams/{cameraId}/{token}/{file}")), streams::signed)
			.route(READ.and(RequestPredicates.path("/streams/{cameraId}/{file}")), streams::withBearer)
			.route(RequestPredicates.path("/streams/**"), streams::notFound)
			.build();
	}

	/**
	 * A camera's recordings by signed URL: {@code /recordings/{cameraId}/{token}/}, then
	 * the same names as under {@code /api/v1/cameras/{cameraId}/recordings/}.
	 */
	static final String SIGNED_RECORDINGS = "/recordings/{cameraId}/{token}";

	/** The signed playback playlist: camera-service's, through the gateway's route. */
	static final String SIGNED_PLAYBACK = "/recordings/*/*/playback.m3u8";

	@Bean
	RouterFunction<ServerResponse> recordingRoutes(RecordingHandler recordings) {
		return RouterFunctions.route()
			.route(READ.and(RequestPredicates.path(RECORDING_FILE)), recordings::chunk)
			.route(READ.and(RequestPredicates.path(RECORDING_THUMBNAIL)), recordings::thumbnail)
			.GET(RECORDING_EXPORT, recordings::export)
			.route(READ.and(RequestPredicates.path(RECORDING_NAME)).and(CAMERA_SERVICE_READS.negate()),
					recordings::unknown)
			.route(READ.and(RequestPredicates.path(SIGNED_RECORDINGS + "/" + RecordingHandler.CHUNK_NAME)),
					recordings::chunk)
			.route(READ.and(RequestPredicates.path(SIGNED_RECORDINGS + "/{recordingId:[0-9]{1,15}}/thumbnail.jpg")),
					recordings::thumbnail)
			.GET(SIGNED_RECORDINGS + "/export.mp4", recordings::export)
			.route(RequestPredicates.path("/recordings/**")
				.and(READ.and(RequestPredicates.path(SIGNED_PLAYBACK)).negate()), recordings::unknown)
			.build();
	}

	/**
	 * Takes off every {@code Range} header the gateway ignores, before anything reads it.
	 */
	@Bean
	WebFilter byteRanges() {
		return new ByteRanges();
	}

	/** One answer cache for live and recorded video: the question is the same. */
	@Bean
	CameraAccess cameraAccess(StreamProperties properties, WebClient loadBalancedWebClient) {
		return new CameraAccess(loadBalancedWebClient, properties.camerasUri(), properties.signedUrlsUri(),
				properties.accessTimeout(),
				Caffeine.newBuilder()
					.expireAfterWrite(properties.accessCacheTtl())
					.maximumSize(properties.accessCacheSize())
					.buildAsync());
	}

	/** One watcher holds every waiting live request of this gateway. */
	@Bean
	PlaylistWatch playlistWatch(StreamProperties properties) {
		return new PlaylistWatch(properties.blockingPollInterval(), properties.blockingMaxWaiting());
	}

	/**
	 * How many live requests are held now, against {@code blocking-max-waiting}: what a
	 * gateway's players cost it, and how close it is to refusing them.
	 */
	@Bean
	MeterBinder playlistWaiters(PlaylistWatch playlistWatch) {
		return (registry) -> Gauge.builder("gateway.live.waiting", playlistWatch, PlaylistWatch::waiting)
			.description("Live HLS requests held until the playlist or part they ask for is there")
			.register(registry);
	}

	@Bean
	StreamHandler streamHandler(StreamProperties properties, CameraAccess cameraAccess, PlaylistWatch playlistWatch) {
		if (!Files.isDirectory(properties.storageDir())) {
			log.warn("The stream storage {} (STORAGE_DIR) does not exist yet; every stream answers 404 until it does",
					properties.storageDir().toAbsolutePath());
		}
		StreamUrlToken tokens = new StreamUrlToken(StreamUrlKey.load(properties.keyFile(), properties.generateKey()));
		LiveDelivery delivery = new LiveDelivery(playlistWatch, properties.segmentMaxAge(), properties.blockingLimit());
		return new StreamHandler(new LiveFiles(properties.storageDir()), tokens, Clock.systemUTC(), cameraAccess,
				delivery);
	}

	@Bean
	RecordingHandler recordingHandler(StreamProperties properties, CameraAccess cameraAccess) {
		StreamUrlToken tokens = new StreamUrlToken(StreamUrlKey.load(properties.keyFile(), properties.generateKey()),
				StreamUrlToken.Scope.RECORDINGS);
		return new RecordingHandler(new RecordingFiles(properties.storageDir()), cameraAccess, tokens,
				Clock.systemUTC(), properties.recordingMaxAge());
	}

}
