package dev.mediaplatform.camera.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import static dev.mediaplatform.servlet.OpenApiDocuments.header;
import static dev.mediaplatform.servlet.OpenApiDocuments.problem;
import static dev.mediaplatform.servlet.OpenApiDocuments.string;

/**
 * The media routes the gateway serves itself from the shared storage on camera-service's
 * behalf: live HLS, recording chunks, their thumbnails and exports, each with a bearer
 * token or under a signed URL (design notes, "Stream delivery" and "Recording"). They are
 * part of the camera API clients see, so camera-service's document describes them, marked
 * {@code x-served-by: api-gateway}: camera-service itself has no handler for them. Files
 * answer {@code GET} and {@code HEAD}, and one byte range (exports ignore {@code Range}).
 * What is written here follows the gateway's {@code StreamConfiguration},
 * {@code StreamHandler} and {@code RecordingHandler}; the end-to-end contract test holds
 * both to it.
 */
final class GatewayServedRoutes {

	static final String SERVED_BY = "x-served-by";

	private static final String TAG = "media (served by the gateway)";

	private static final String MPEGURL = "application/vnd.apple.mpegurl";

	private GatewayServedRoutes() {
	}

	static void addTo(OpenAPI api) {
		Parameter cameraId = path("cameraId", "the camera's id", string());
		Parameter id = path("id", "the camera's id", string());
		Parameter token = path("token", "the signed URL's token, as streamUrl or a recording's url names it", string());
		Parameter liveFile = path("file",
				"index.m3u8, or an initialization segment, segment or part the playlist names",
				string().pattern("^(index\\.m3u8|[A-Za-z0-9_-]{1,64}\\.(ts|m4s|mp4))$"));
		Parameter recordingId = path("recordingId", "the recording's id: its start in epoch milliseconds",
				string().pattern("^[0-9]{1,15}$"));
		Parameter chunkName = path("recordingId",
				"the recording's id (its start in epoch milliseconds), with or without .mp4 (as playlists name it)",
				string().pattern("^[0-9]{1,15}(\\.mp4)?$"));
		String liveMissing = "No live stream here: the camera does not exist, may not be watched by the caller, is "
				+ "not streaming, or the URL expired; or a part the playlist announced (preload hint) did not appear "
				+ "in time";
		String recordingMissing = "No recording here: the camera does not exist, may not be watched by the caller, "
				+ "has no recording with this id, or the signed URL expired";
		Map<String, Schema<?>> liveTypes = Map.of(MPEGURL, string(), "video/mp2t", binary(), "video/mp4", binary());
		Map<String, Schema<?>> mp4 = Map.of("video/mp4", binary());
		Map<String, Schema<?>> jpeg = Map.of("image/jpeg", binary());

		String live = "A live stream's playlist (no-cache) or one of its segments; the playlist's relative URIs "
				+ "name the segments";
		file(api, "/streams/{cameraId}/{file}", "liveFile", live + ", with a bearer token", true,
				List.of(cameraId, liveFile), liveTypes, liveMissing);
		file(api, "/streams/{cameraId}/{token}/{file}", "signedLiveFile", live + ", by signed URL (streamUrl)", false,
				List.of(cameraId, token, liveFile), liveTypes, liveMissing);
		lowLatency(api.getPaths().get("/streams/{cameraId}/{file}"));
		lowLatency(api.getPaths().get("/streams/{cameraId}/{token}/{file}"));

		String chunk = "A recording's chunk file (fragmented MP4; no-cache while it is being written)";
		file(api, "/api/v1/cameras/{id}/recordings/{recordingId}", "recordingFile", chunk + ", with a bearer token",
				true, List.of(id, chunkName), mp4, recordingMissing);
		file(api, "/recordings/{cameraId}/{token}/{recordingId}", "signedRecordingFile",
				chunk + ", by signed URL (url of a listed recording)", false, List.of(cameraId, token, chunkName), mp4,
				recordingMissing);
		String thumbnail = "A 320-pixel picture of a recording's first keyframe";
		file(api, "/api/v1/cameras/{id}/recordings/{recordingId}/thumbnail.jpg", "recordingThumbnail",
				thumbnail + ", with a bearer token", true, List.of(id, recordingId), jpeg, recordingMissing);
		file(api, "/recordings/{cameraId}/{token}/{recordingId}/thumbnail.jpg", "signedRecordingThumbnail",
				thumbnail + ", by signed URL (thumbnailUrl)", false, List.of(cameraId, token, recordingId), jpeg,
				recordingMissing);

		export(api, "/api/v1/cameras/{id}/recordings/export.mp4", "recordingExport", "with a bearer token", true,
				List.of(id));
		export(api, "/recordings/{cameraId}/{token}/export.mp4", "signedRecordingExport",
				"by signed URL (exportUrl of the timeline)", false, List.of(cameraId, token));
	}

	/**
	 * A file, by {@code GET} and {@code HEAD}, with the gateway's one rule for byte
	 * ranges on every file it serves (its {@code ByteRanges}): one range of bytes is
	 * answered 206, one beyond the file 416 with
	 * {@code Content-Range: bytes *}{@code /<length>} and a problem detail; any other
	 * {@code Range} (malformed, another unit, several ranges) is ignored and the whole
	 * file answered.
	 */
	private static void file(OpenAPI api, String path, String operationId, String summary, boolean bearer,
			List<Parameter> parameters, Map<String, Schema<?>> types, String missing) {
		List<Parameter> all = new ArrayList<>(parameters);
		all.add(new Parameter().in("header")
			.name("Range")
			.description("one range of bytes to read (RFC 9110), such as bytes=0-99 or bytes=-500; a malformed "
					+ "value, another unit or several ranges is ignored and the whole file answered")
			.schema(string()));
		ApiResponse unsatisfiable = problem("The range lies beyond the file (or the file is empty)")
			.addHeaderObject("Content-Range", header("bytes */ the file's length").required(true));
		ApiResponses get = new ApiResponses()
			.addApiResponse("200",
					new ApiResponse().description("The whole file (also when the Range header is ignored)")
						.content(content(types)))
			.addApiResponse("206",
					new ApiResponse().description("The one requested range of bytes")
						.content(content(types))
						.addHeaderObject("Content-Range", header("which bytes of how many").required(true)))
			.addApiResponse("404", problem(missing))
			.addApiResponse("416", unsatisfiable);
		ApiResponses head = new ApiResponses()
			.addApiResponse("200", new ApiResponse().description("The whole file's headers, no body"))
			.addApiResponse("206", new ApiResponse().description("The requested range's headers, no body"))
			.addApiResponse("404", problem(missing))
			.addApiResponse("416", unsatisfiable);
		PathItem item = api.getPaths().computeIfAbsent(path, (key) -> new PathItem());
		item.get(operation(operationId, summary, bearer, all, get));
		item.head(operation(operationId + "Head", summary + " (headers only)", bearer, all, head));
	}

	/**
	 * Low-Latency HLS on a live file: the blocking playlist reload's directives (RFC
	 * 8216bis 6.2.5.2), and what the gateway answers when they are wrong or not met in
	 * time.
	 */
	private static void lowLatency(PathItem item) {
		ApiResponse refused = problem("_HLS_msn or _HLS_part is not a decimal integer of 0 or more, _HLS_part comes "
				+ "without _HLS_msn, or _HLS_msn is more than one segment beyond the one in progress");
		ApiResponse late = problem("The playlist did not reach the segment or part asked for within three target "
				+ "durations (at most 10 s), or too many requests wait on this gateway")
			.addHeaderObject("Retry-After", header("seconds: 1").required(true));
		for (Operation operation : List.of(item.getGet(), item.getHead())) {
			// GET and HEAD were given one list: each gets its own.
			operation.setParameters(new ArrayList<>(operation.getParameters()));
			operation.addParametersItem(directive("_HLS_msn",
					"index.m3u8 only: a blocking playlist reload, answered once the playlist holds this media "
							+ "segment complete, or later content; at most one segment beyond the one in progress",
					new IntegerSchema().format("int64").minimum(BigDecimal.ZERO)));
			operation.addParametersItem(directive("_HLS_part",
					"with _HLS_msn: answered once the playlist holds this part (0-based) of that segment, or later "
							+ "content",
					new IntegerSchema().format("int64").minimum(BigDecimal.ZERO)));
			operation.addParametersItem(
					directive("_HLS_skip", "accepted and ignored: no delta updates are advertised", string()));
			operation.getResponses().addApiResponse("400", refused).addApiResponse("503", late);
		}
	}

	private static Parameter directive(String name, String description, Schema<?> schema) {
		return new Parameter().in("query").name(name).required(false).description(description).schema(schema);
	}

	/** A range of recordings joined into one MP4, by {@code GET}. */
	private static void export(OpenAPI api, String path, String operationId, String how, boolean bearer,
			List<Parameter> parameters) {
		List<Parameter> all = new ArrayList<>(parameters);
		all.add(query("from", "the range's start, an ISO-8601 instant"));
		all.add(query("to", "the range's end, an ISO-8601 instant after from, at most 24 hours later"));
		ApiResponses responses = new ApiResponses()
			.addApiResponse("200", new ApiResponse()
				.description("The range as one MP4 file to download, cut at the keyframe before from, not re-encoded")
				.content(content(Map.of("video/mp4", binary())))
				.addHeaderObject("Content-Disposition", header("attachment, with a file name").required(true))
				.addHeaderObject("X-Recording-Start", header("where the file really starts").required(true))
				.addHeaderObject("X-Recording-End", header("where the file really ends").required(true))
				.addHeaderObject("X-Recording-Cut",
						header("present when the camera changed its video format and the file ends there")))
			.addApiResponse("400",
					problem("from or to is missing, not an ISO-8601 instant, outside what epoch milliseconds "
							+ "hold, or the range is empty or longer than 24 hours"))
			.addApiResponse("404", problem("Nothing was recorded in this range, or the camera does not exist, may "
					+ "not be watched by the caller, or the signed URL expired"));
		api.getPaths()
			.computeIfAbsent(path, (key) -> new PathItem())
			.get(operation(operationId, "A range of recordings as one MP4 file, " + how, bearer, all, responses));
	}

	private static Operation operation(String operationId, String summary, boolean bearer, List<Parameter> parameters,
			ApiResponses responses) {
		Operation operation = new Operation().operationId(operationId)
			.summary(summary)
			.addTagsItem(TAG)
			.parameters(parameters)
			.responses(responses);
		operation.addExtension(SERVED_BY, "api-gateway");
		if (!bearer) {
			// The token in the path is the authorization.
			operation.setSecurity(List.of());
		}
		return operation;
	}

	private static Content content(Map<String, Schema<?>> types) {
		Content content = new Content();
		types.keySet()
			.stream()
			.sorted()
			.forEach((type) -> content.addMediaType(type, new MediaType().schema(types.get(type))));
		return content;
	}

	private static Parameter path(String name, String description, Schema<?> schema) {
		return new Parameter().in("path").name(name).required(true).description(description).schema(schema);
	}

	private static Parameter query(String name, String description) {
		return new Parameter().in("query")
			.name(name)
			.required(true)
			.description(description)
			.schema(string().format("date-time"));
	}

	private static Schema<?> binary() {
		return string().format("binary");
	}

}
