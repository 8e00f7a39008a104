package dev.mediaplatform.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * A trace collector as the services' exporters see one: OTLP over HTTP with protobuf
 * bodies ({@code POST /v1/traces}) on a loopback port, keeping what it receives in memory
 * for the tests to read.
 */
final class OtlpReceiver implements AutoCloseable {

	/** A whole test run stays far below this; past it, spans are counted, not kept. */
	private static final int MAX_SPANS = 200_000;

	private final HttpServer server;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "otlp-receiver");
		thread.setDaemon(true);
		return thread;
	});

	private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private OtlpReceiver(HttpServer server) {
		this.server = server;
	}

	static OtlpReceiver start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			OtlpReceiver receiver = new OtlpReceiver(server);
			server.createContext("/v1/traces", receiver::handle);
			server.setExecutor(receiver.executor);
			server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot start the OTLP receiver", ex);
		}
	}

	/** What a service's OTLP/HTTP span exporter is pointed at. */
	String tracesEndpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces";
	}

	List<ReceivedSpan> spans() {
		return List.copyOf(this.spans);
	}

	List<ReceivedSpan> trace(String traceId) {
		return this.spans.stream().filter((span) -> span.traceId().equals(traceId)).toList();
	}

	/** Export requests received, for messages. */
	long requests() {
		return this.requests.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			ExportTraceServiceRequest request;
			try (InputStream body = body(exchange)) {
				request = ExportTraceServiceRequest.parseFrom(body);
			}
			catch (IOException ex) {
				exchange.sendResponseHeaders(400, -1);
				return;
			}
			this.requests.incrementAndGet();
			for (ResourceSpans resource : request.getResourceSpansList()) {
				String service = attribute(resource.getResource(), "service.name");
				for (ScopeSpans scope : resource.getScopeSpansList()) {
					for (Span span : scope.getSpansList()) {
						keep(ReceivedSpan.of(service, span));
					}
				}
			}
			byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, response.length);
			exchange.getResponseBody().write(response);
		}
	}

	private static InputStream body(HttpExchange exchange) throws IOException {
		String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
		return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(exchange.getRequestBody())
				: exchange.getRequestBody();
	}

	private void keep(ReceivedSpan span) {
		if (this.spans.size() < MAX_SPANS) {
			this.spans.add(span);
		}
		else {
			this.dropped.incrementAndGet();
		}
	}

	private static String attribute(Resource resource, String key) {
		return resource.getAttributesList()
			.stream()
			.filter((attribute) -> attribute.getKey().equals(key))
			.map((attribute) -> text(attribute.getValue()))
			.findFirst()
			.orElse("?");
	}

	private static String text(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue();
			case INT_VALUE -> Long.toString(value.getIntValue());
			case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
			case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
			default -> value.toString();
		};
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * One span as the tests read it: ids in hex (the parent empty for a root), the kind
	 * without OTLP's prefix ({@code SERVER}, {@code CLIENT}, {@code PRODUCER},
	 * {@code CONSUMER}, {@code INTERNAL}).
	 */
	record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name, String kind,
			Map<String, String> attributes, boolean error) {

		static ReceivedSpan of(String service, Span span) {
			HexFormat hex = HexFormat.of();
			Map<String, String> attributes = new LinkedHashMap<>();
			for (KeyValue attribute : span.getAttributesList()) {
				attributes.put(attribute.getKey(), text(attribute.getValue()));
			}
			return new ReceivedSpan(service, hex.formatHex(span.getTraceId().toByteArray()),
					hex.formatHex(span.getSpanId().toByteArray()), hex.formatHex(span.getParentSpanId().toByteArray()),
					span.getName(), span.getKind().name().replace("SPAN_KIND_", ""), Map.copyOf(attributes),
					span.getStatus().getCode() == io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
		}

		boolean root() {
			return this.parentSpanId.isEmpty();
		}

		@Override
		public String toString() {
			return this.service + " " + this.kind + " '" + this.name + "' " + this.spanId + " <- "
					+ (root() ? "(root)" : this.parentSpanId) + " " + this.attributes;
		}

	}

}
