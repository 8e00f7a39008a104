package dev.mediaplatform.auth.config;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Context;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's own error answers as problem details, in place of its HTML page: the requests
 * Tomcat refuses before the application sees them, such as a path that climbs above the
 * root ({@code /%2e%2e/x}) or is not valid percent-encoding. Everything that reaches the
 * application is answered by Spring MVC or {@code /error}, never here.
 */
class ProblemReportValve extends ErrorReportValve {

	/** Replaces the host's error report valves (Boot adds one) with this one. */
	static void install(Context context) {
		Pipeline pipeline = context.getParent().getPipeline();
		for (Valve valve : pipeline.getValves()) {
			if (valve instanceof ErrorReportValve) {
				pipeline.removeValve(valve);
			}
		}
		pipeline.addValve(new ProblemReportValve());
		if (context.getParent() instanceof StandardHost host) {
			// Else the host adds its default valve again when it starts.
			host.setErrorReportValveClass(ProblemReportValve.class.getName());
		}
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		String detail = (status == 400)
				? "the request line could not be read: check the path's percent-encoding, and that it stays below the root"
				: (status >= 500) ? "the request could not be completed" : title.toLowerCase(java.util.Locale.ROOT);
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				// Fixed texts only, nothing from the request: no escaping to get wrong.
				writer.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
						+ ",\"detail\":\"" + detail + "\"}");
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response is committed: nothing left to answer.
		}
	}

}
