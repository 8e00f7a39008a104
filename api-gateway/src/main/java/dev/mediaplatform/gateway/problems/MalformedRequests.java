package dev.mediaplatform.gateway.problems;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Netty handler right after the HTTP decoder: requests that Netty could not decode (a
 * request line or headers over the limits, header bytes HTTP does not allow) or whose
 * target is not a URI, which Reactor Netty and Spring would refuse with an empty 400, 414
 * or 431 before any filter runs, answered here as problem details; the connection is then
 * closed, as the decoder cannot go on after such a request. Everything else passes
 * untouched.
 */
final class MalformedRequests extends ChannelInboundHandlerAdapter {

	/** Set while the rest of a refused request (its body) is being dropped. */
	private boolean dropping;

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		if (message instanceof HttpRequest request) {
			String refusal = refusal(request);
			if (refusal != null) {
				this.dropping = true;
				HttpResponseStatus status = status(request.decoderResult());
				ReferenceCountUtil.release(message);
				context.writeAndFlush(problem(status, refusal)).addListener(ChannelFutureListener.CLOSE);
				return;
			}
			this.dropping = false;
		}
		else if (this.dropping && message instanceof HttpContent) {
			ReferenceCountUtil.release(message);
			if (message instanceof LastHttpContent) {
				this.dropping = false;
			}
			return;
		}
		context.fireChannelRead(message);
	}

	/** Why the request cannot be served, or {@code null}. */
	static String refusal(HttpRequest request) {
		DecoderResult result = request.decoderResult();
		if (result.isFailure()) {
			Throwable cause = result.cause();
			if (cause instanceof TooLongHttpLineException) {
				return "the request line (method, path and query) is too long; keep the path and query under 4 KB";
			}
			if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
				return "the request's headers are too large; keep them under 8 KB";
			}
			return "the request cannot be read as HTTP: a header name or value holds bytes HTTP does not allow "
					+ "(control characters, or a line break inside a value)";
		}
		try {
			new URI(request.uri());
			return null;
		}
		catch (URISyntaxException ex) {
			return "the path or query holds characters a URL may not hold unencoded (such as spaces, quotes, "
					+ "braces or brackets); percent-encode them";
		}
	}

	static HttpResponseStatus status(DecoderResult result) {
		if (result.isFailure() && result.cause() instanceof TooLongHttpLineException) {
			return HttpResponseStatus.REQUEST_URI_TOO_LONG;
		}
		if (result.isFailure() && (result.cause() instanceof TooLongHttpHeaderException
				|| result.cause() instanceof TooLongFrameException)) {
			return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
		}
		return HttpResponseStatus.BAD_REQUEST;
	}

	static FullHttpResponse problem(HttpResponseStatus status, String detail) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.reasonPhrase());
		problem.put("status", status.code());
		problem.put("detail", detail);
		byte[] body = JsonMapper.shared().writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
				Unpooled.wrappedBuffer(body));
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
			.set(HttpHeaderNames.CONTENT_LENGTH, body.length)
			.set(HttpHeaderNames.CACHE_CONTROL, "no-store")
			.set(HttpHeaderNames.CONNECTION, "close");
		return response;
	}

}
