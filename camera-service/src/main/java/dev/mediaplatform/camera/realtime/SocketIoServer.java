package dev.mediaplatform.camera.realtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mediaplatform.camera.camera.Caller;
import dev.mediaplatform.camera.camera.CameraNotFound;
import dev.mediaplatform.camera.camera.CameraChanged;
import dev.mediaplatform.camera.camera.CameraService;
import dev.mediaplatform.camera.camera.CameraView;
import dev.mediaplatform.camera.camera.InvalidCameraInput;
import dev.mediaplatform.camera.camera.NotAllowed;
import dev.mediaplatform.camera.stream.StreamService;
import dev.mediaplatform.camera.stream.StreamUrls;
import dev.mediaplatform.camera.sharing.SharingService;
import dev.mediaplatform.camera.sharing.UserDirectory;
import dev.mediaplatform.sessions.SessionEnded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * The original real-time API: Socket.IO (netty-socketio) with the same events as before,
 * each answering through its acknowledgement callback. A client proves who it is with its
 * access token, in the handshake's {@code auth} payload or as {@code ?token=}; nothing is
 * answered to a client that did not. Status changes are pushed to every connected client
 * allowed to see the camera ({@code cameraStatus}), and {@code cameraRemoved} when access
 * ends.
 */
@Component
class SocketIoServer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SocketIoServer.class);

	private static final String CALLER = "caller";

	/** The session the client's token was issued in, to disconnect it when it ends. */
	private static final String SESSION = "session";

	private final SocketIOServer server;

	private final JwtDecoder tokens;

	private final CameraService cameras;

	private final StreamService streams;

	private final SharingService sharing;

	private volatile boolean running;

	private final ScheduledExecutorService anonymousReaper = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "socketio-anonymous-reaper");
		thread.setDaemon(true);
		return thread;
	});

	SocketIoServer(RealtimeProperties properties, JwtDecoder tokens, CameraService cameras, StreamService streams,
			SharingService sharing, StreamUrls streamUrls, MeterRegistry meters) {
		this.tokens = tokens;
		this.cameras = cameras;
		this.streams = streams;
		this.sharing = sharing;
		Configuration config = new Configuration();
		config.setHostname(properties.host());
		config.setPort(properties.port());
		config.getSocketConfig().setReuseAddress(true);
		config.setJsonSupport(new JacksonJsonSupport(new JavaTimeModule()));
		config.setAuthorizationListener((handshake) -> {
			// A token in the URL is checked at once; one in the auth payload when the
			// client connects.
			String token = handshake.getSingleUrlParam("token");
			return (token == null || decode(token) != null)
					? com.corundumstudio.socketio.AuthorizationResult.SUCCESSFUL_AUTHORIZATION
					: com.corundumstudio.socketio.AuthorizationResult.FAILED_AUTHORIZATION;
		});
		this.server = new SocketIOServer(config);
		this.server.setPipelineFactory(new OneRequestPerConnection());
		Gauge.builder("camera.socketio.sessions", this.server, (server) -> server.getAllClients().size())
			.description("Socket.IO clients connected to this replica")
			.register(meters);
		this.server.getNamespace("").addAuthTokenListener(this::authenticate);
		// Connect listeners run at the transport handshake, before a v4 client's auth
		// payload arrives (and even for clients that are then refused): a ?token= client
		// is identified here, an auth-payload client by the listener above; one that is
		// neither by then is disconnected before it can ask anything.
		this.server.addConnectListener((client) -> {
			String token = client.getHandshakeData().getSingleUrlParam("token");
			Jwt jwt = (token != null) ? decode(token) : null;
			if (jwt != null) {
				identify(client, jwt);
				return;
			}
			this.anonymousReaper.schedule(() -> {
				if (client.isChannelOpen() && client.get(CALLER) == null) {
					client.disconnect();
				}
			}, 2, TimeUnit.SECONDS);
		});
		on("loadCameras", (caller, data) -> this.cameras.list(caller), false);
		on("addCamera", (caller, data) -> Map.of("success", true, "camera",
				this.cameras.add(caller, text(data, "name"), text(data, "rtspUrl"), optional(data, "transport"))),
				true);
		on("startStream", (caller, data) -> {
			CameraView camera = this.streams.startStream(caller, text(data, "cameraId"));
			return Map.of("success", true, "streamUrl", streamUrls.playlist(camera.id(), caller.id()));
		}, true);
		on("stopStream", (caller, data) -> {
			this.streams.stopStream(caller, text(data, "cameraId"));
			return Map.of("success", true);
		}, true);
		on("deleteCamera", (caller, data) -> {
			this.cameras.delete(caller, text(data, "cameraId"));
			return Map.of("success", true);
		}, true);
		on("shareCamera",
				(caller, data) -> Map.of("success", true, "camera",
						this.sharing.share(caller, text(data, "cameraId"), text(data, "username"), text(data, "role"))),
				true);
		on("recordStream", (caller, data) -> {
			// Absent or null keeps the original toggle; anything else but a boolean is
			// refused, as the REST API refuses it, rather than taken for absent.
			Object enabled = (data instanceof Map<?, ?> map) ? map.get("enabled") : null;
			if (enabled != null && !(enabled instanceof Boolean)) {
				throw InvalidCameraInput.field("enabled", "must be true or false");
			}
			CameraView camera = this.streams.record(caller, text(data, "cameraId"), (Boolean) enabled);
			return Map.of("success", true, "recording", camera.recording());
		}, true);
	}

	/** The token of the {@code auth} payload, else of {@code ?token=}. */
	private static String tokenOf(Object authPayload, SocketIOClient client) {
		return (authPayload instanceof Map<?, ?> map && map.get("token") instanceof String value) ? value
				: client.getHandshakeData().getSingleUrlParam("token");
	}

	private AuthTokenResult authenticate(Object authPayload, SocketIOClient client) {
		String token = tokenOf(authPayload, client);
		Jwt jwt = (token != null) ? decode(token) : null;
		if (jwt == null) {
			return new AuthTokenResult(false, Map.of("message", "a valid access token is required"));
		}
		identify(client, jwt);
		return AuthTokenResult.AuthTokenResultSuccess;
	}

	private static void identify(SocketIOClient client, Jwt jwt) {
		Caller caller = Caller.of(jwt);
		String session = jwt.getClaimAsString(SessionEnded.CLAIM);
		if (session != null) {
			client.set(SESSION, session);
		}
		client.set(CALLER, caller);
		client.joinRoom(room(caller.id()));
	}

	private Jwt decode(String token) {
		try {
			return this.tokens.decode(token);
		}
		catch (JwtException ex) {
			return null;
		}
	}

	/**
	 * The session ended (logged out): this replica's clients that proved who they are
	 * with one of its tokens are disconnected; their token no longer connects.
	 */
	void sessionEnded(String sessionId) {
		for (SocketIOClient client : this.server.getAllClients()) {
			if (sessionId.equals(client.get(SESSION))) {
				client.disconnect();
			}
		}
	}

	/**
	 * Registers an event: the caller must have authenticated; domain errors answer
	 * {@code success:false} with the reason; {@code withSuccessFlag} is false only for
	 * {@code loadCameras}, which answers the bare list.
	 */
	private void on(String event, BiFunction<Caller, Object, Object> handler, boolean withSuccessFlag) {
		this.server.addEventListener(event, Object.class, (client, data, ack) -> {
			Caller caller = client.get(CALLER);
			if (caller == null) {
				answer(ack, failure("not authenticated"));
				client.disconnect();
				return;
			}
			try {
				answer(ack, handler.apply(caller, data));
			}
			catch (InvalidCameraInput | CameraNotFound | NotAllowed | UserDirectory.UnknownUser
					| UserDirectory.DirectoryUnavailable ex) {
				answer(ack, withSuccessFlag ? failure(ex.getMessage()) : List.of());
			}
			catch (RuntimeException ex) {
				log.error("Socket.IO event {} failed", event, ex);
				answer(ack, failure("the request could not be completed; it has been logged"));
			}
		});
	}

	private static void answer(AckRequest ack, Object payload) {
		if (ack.isAckRequested()) {
			ack.sendAckData(payload);
		}
	}

	private static Map<String, Object> failure(String reason) {
		return Map.of("success", false, "error", reason);
	}

	private static String text(Object data, String field) {
		Object value = (data instanceof Map<?, ?> map) ? map.get(field) : null;
		return (value instanceof String text) ? text : null;
	}

	/**
	 * A field added after the original API: absent or {@code null} is {@code null}; any
	 * other value is passed on as text, so that a wrong one is refused rather than
	 * ignored.
	 */
	private static String optional(Object data, String field) {
		Object value = (data instanceof Map<?, ?> map) ? map.get(field) : null;
		return (value != null) ? value.toString() : null;
	}

	static String room(String userId) {
		return "user:" + userId;
	}

	/**
	 * Pushes a camera's state to this instance's clients who may see it, and its removal
	 * to those who no longer may ({@link CameraEventRelay} calls it for the changes of
	 * every replica).
	 */
	void push(CameraChanged change) {
		this.cameras.viewsByUser(change.cameraId())
			.forEach((userId, camera) -> this.server.getRoomOperations(room(userId))
				.sendEvent("cameraStatus", cameraStatus(camera)));
		for (String userId : change.removedUserIds()) {
			this.server.getRoomOperations(room(userId))
				.sendEvent("cameraRemoved", Map.of("cameraId", change.cameraId()));
		}
	}

	/**
	 * The {@code cameraStatus} push: the original fields, the recording's own state
	 * ({@code recordingError} only when it failed), and the whole camera view.
	 */
	static Map<String, Object> cameraStatus(CameraView camera) {
		Map<String, Object> status = new java.util.LinkedHashMap<>();
		status.put("cameraId", camera.id());
		status.put("status", camera.status());
		status.put("streaming", camera.streaming());
		status.put("recording", camera.recording());
		status.put("recordingStatus", camera.recordingStatus());
		if (camera.recordingError() != null) {
			status.put("recordingError", camera.recordingError());
		}
		status.put("camera", camera);
		return status;
	}

	@Override
	public void start() {
		this.server.start();
		this.running = true;
		log.info("Socket.IO listening on port {}", this.server.getConfiguration().getPort());
	}

	@Override
	public void stop() {
		this.anonymousReaper.shutdownNow();
		this.server.stop();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Long-polling answers say {@code Connection: close}. netty-socketio assumes one
	 * connection per client and closes it when it ends that client's session; the gateway
	 * pools its connections, so a kept-alive connection closed that way took other
	 * clients' polls with it. A connection per poll costs little next to that (most
	 * clients use WebSocket, whose upgrade is left alone).
	 */
	static final class OneRequestPerConnection extends SocketIOChannelInitializer {

		private static final ChannelOutboundHandler CLOSE_AFTER_RESPONSE = new CloseAfterResponse();

		@Override
		protected void addSocketioHandlers(ChannelPipeline pipeline) {
			super.addSocketioHandlers(pipeline);
			if (pipeline.get(HTTP_ENCODER) != null) {
				pipeline.addAfter(HTTP_ENCODER, "connectionClose", CLOSE_AFTER_RESPONSE);
			}
		}

	}

	@ChannelHandler.Sharable
	static final class CloseAfterResponse extends ChannelOutboundHandlerAdapter {

		@Override
		public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
			if (message instanceof HttpResponse response
					&& response.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code()
					&& !response.headers().contains(HttpHeaderNames.UPGRADE)) {
				response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			}
			context.write(message, promise);
		}

	}

}
