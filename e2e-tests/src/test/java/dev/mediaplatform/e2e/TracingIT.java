package dev.mediaplatform.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.mediaplatform.e2e.OtlpReceiver.ReceivedSpan;
import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.RtspTestCamera;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trace from the user's {@code POST /startStream} to the camera's first segment, as
 * an operator's trace viewer shows it: the gateway's request, its call to camera-service,
 * camera-service's Kafka send of the command, the worker's receipt of it and the
 * pipeline's start until the first segment, exported by OTLP to a collector
 * ({@link OtlpReceiver}, which the shared platform's services point at) and linked parent
 * to child. A link broken anywhere (a header not propagated, a context lost between
 * threads) leaves the worker's spans in a trace of their own, and this test fails.
 */
class TracingIT {

	/** The batch exporters send every 5 s. */
	static final Duration EXPORTED = Duration.ofSeconds(40);

	static final ApiClient gateway = SharedPlatform.gateway();

	static RtspTestCamera camera;

	@BeforeAll
	static void startCamera() {
		camera = RtspTestCamera.start(RtspTestCamera.Options.defaults().withMounts(1));
	}

	@AfterAll
	static void stopCamera() {
		camera.close();
	}

	@Test
	void shouldTraceAStreamStartFromTheGatewayToTheFirstSegment() throws Exception {
		TestUser user = TestUser.register(gateway, "traces");
		String id = LiveStreamIT.addCamera(user, camera.url(1));
		awaitFirstSegment(LiveStreamIT.startStream(user, id));

		ReceivedSpan firstSegment = await("the worker's span of the camera's start until its first segment",
				() -> SharedPlatform.TRACES.spans()
					.stream()
					.filter((span) -> span.service().equals("stream-worker")
							&& id.equals(span.attributes().get("camera")))
					.findFirst());
		assertThat(firstSegment.name()).isEqualTo("pipeline start");
		assertThat(firstSegment.attributes()).containsEntry("outcome", "live");
		assertThat(firstSegment.error()).isFalse();

		// The whole chain, once every span of the trace has been exported.
		List<ReceivedSpan> chain = await("the trace from the gateway to the worker's first segment",
				() -> chain(firstSegment));
		String trace = describe(SharedPlatform.TRACES.trace(firstSegment.traceId()));
		// For the build's log: what an operator's trace viewer would show.
		System.out.println(trace);
		assertThat(chain).as(trace).allMatch((span) -> span.traceId().equals(firstSegment.traceId()));

		ReceivedSpan root = chain.get(chain.size() - 1);
		assertThat(root.service()).as("the root of the worker's trace\n" + trace).isEqualTo("api-gateway");
		assertThat(root.kind()).as(trace).isEqualTo("SERVER");
		assertThat(root.attributes().values()).as(trace).anyMatch((value) -> value.contains("/startStream"));
		assertThat(chain).as(trace).hasSizeGreaterThanOrEqualTo(6);

		ReceivedSpan received = chain.get(1);
		assertThat(received.service()).as(trace).isEqualTo("stream-worker");
		assertThat(received.kind()).as(trace).isEqualTo("CONSUMER");
		assertThat(received.name()).as(trace).contains("camera.commands");

		ReceivedSpan sent = chain.get(2);
		assertThat(sent.service()).as(trace).isEqualTo("camera-service");
		assertThat(sent.kind()).as(trace).isEqualTo("PRODUCER");
		assertThat(sent.name()).as(trace).contains("camera.commands");

		// Between them: the gateway's call and camera-service's handling of it.
		List<ReceivedSpan> between = chain.subList(3, chain.size() - 1);
		assertThat(between).as(trace).anyMatch(is("api-gateway", "CLIENT")).anyMatch(is("camera-service", "SERVER"));
		assertThat(chain.indexOf(between.stream().filter(is("camera-service", "SERVER")).findFirst().orElseThrow()))
			.as("camera-service's request is a child of the gateway's call\n" + trace)
			.isLessThan(chain.indexOf(between.stream().filter(is("api-gateway", "CLIENT")).findFirst().orElseThrow()));
	}

	/**
	 * From the span up to the trace's root, each the parent of the one before, once all
	 * are exported (empty until then).
	 */
	private static Optional<List<ReceivedSpan>> chain(ReceivedSpan leaf) {
		Map<String, ReceivedSpan> spans = SharedPlatform.TRACES.trace(leaf.traceId())
			.stream()
			.collect(Collectors.toMap(ReceivedSpan::spanId, (span) -> span, (a, b) -> a));
		List<ReceivedSpan> chain = new ArrayList<>();
		ReceivedSpan span = leaf;
		while (span != null && chain.size() < 50) {
			chain.add(span);
			if (span.root()) {
				return Optional.of(chain);
			}
			span = spans.get(span.parentSpanId());
		}
		return Optional.empty();
	}

	private static Predicate<ReceivedSpan> is(String service, String kind) {
		return (span) -> span.service().equals(service) && span.kind().equals(kind);
	}

	private static String describe(List<ReceivedSpan> spans) {
		return "trace:\n" + spans.stream().map(ReceivedSpan::toString).collect(Collectors.joining("\n"));
	}

	private static void awaitFirstSegment(String streamUrl) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			Response playlist = gateway.get(streamUrl);
			if (playlist.status() == 200 && playlist.body().contains("#EXTINF")) {
				return;
			}
			Thread.sleep(500);
		}
		throw new AssertionError("no segment in " + streamUrl + " within a minute");
	}

	private static <T> T await(String what, java.util.function.Supplier<Optional<T>> probe)
			throws InterruptedException {
		long deadline = System.nanoTime() + EXPORTED.toNanos();
		while (System.nanoTime() < deadline) {
			Optional<T> found = probe.get();
			if (found.isPresent()) {
				return found.get();
			}
			Thread.sleep(500);
		}
		throw new AssertionError("not exported within " + EXPORTED + ": " + what + " ("
				+ SharedPlatform.TRACES.requests() + " export requests received)");
	}

}
