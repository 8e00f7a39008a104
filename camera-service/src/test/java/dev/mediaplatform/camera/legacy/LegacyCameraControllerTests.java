package dev.mediaplatform.camera.legacy;

import java.time.Instant;
import java.util.List;

import dev.mediaplatform.camera.camera.CameraService;
import dev.mediaplatform.camera.camera.CameraState;
import dev.mediaplatform.camera.camera.CameraView;
import dev.mediaplatform.camera.camera.RecordingState;
import dev.mediaplatform.camera.config.WebSliceJson;
import dev.mediaplatform.camera.config.WebSliceSecurity;
import dev.mediaplatform.camera.sharing.SharingService;
import dev.mediaplatform.camera.stream.StreamService;
import dev.mediaplatform.camera.stream.StreamUrls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The original API's web layer: its valid bodies read as they always did, and a scalar of
 * the wrong JSON type is refused as on the versioned API.
 */
@WebMvcTest(LegacyCameraController.class)
@Import({ WebSliceSecurity.class, WebSliceJson.class })
class LegacyCameraControllerTests {

	static final String ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	CameraService cameras;

	@MockitoBean
	SharingService sharing;

	@MockitoBean
	StreamService streams;

	@MockitoBean
	StreamUrls streamUrls;

	@MockitoBean
	JwtDecoder decoder;

	static RequestPostProcessor alice() {
		return jwt().jwt((token) -> token.subject("alice-id").claim("username", "alice"));
	}

	static CameraView view(boolean recording) {
		Instant at = Instant.parse("2026-01-02T03:04:05Z");
		return new CameraView(ID, "1.5", "rtsp://porch.local/live", "tcp", "alice", "owner", false, recording,
				CameraState.STOPPED, null, at, List.of(), at, at, RecordingState.OFF, null);
	}

	@Test
	void shouldStillAddACameraFromTheOriginalBody() throws Exception {
		given(this.cameras.add(any(), eq("1.5"), eq("rtsp://porch.local/live"), isNull())).willReturn(view(false));

		this.mvc
			.perform(post("/addCamera").with(alice())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"1.5\",\"rtspUrl\":\"rtsp://porch.local/live\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("1.5"));
	}

	@Test
	void shouldStillToggleOrSetRecordingWithABooleanOrWithout() throws Exception {
		given(this.streams.record(any(), eq(ID), any())).willReturn(view(true));

		this.mvc
			.perform(post("/recordStream").with(alice())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"cameraId\":\"" + ID + "\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.recording").value(true));
		this.mvc
			.perform(post("/recordStream").with(alice())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"cameraId\":\"" + ID + "\",\"enabled\":true}"))
			.andExpect(status().isOk());

		then(this.streams).should().record(any(), eq(ID), isNull());
		then(this.streams).should().record(any(), eq(ID), eq(true));
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.5", "7", "true" })
	void shouldRefuseANameThatIsNotAJsonString(String name) throws Exception {
		this.mvc
			.perform(post("/addCamera").with(alice())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":" + name + ",\"rtspUrl\":\"rtsp://porch.local/live\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		then(this.cameras).should(never()).add(any(), any(), any(), any());
	}

	@ParameterizedTest
	@ValueSource(strings = { "1", "0", "\"true\"" })
	void shouldRefuseARecordingSwitchThatIsNotAJsonBoolean(String enabled) throws Exception {
		this.mvc
			.perform(post("/recordStream").with(alice())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"cameraId\":\"" + ID + "\",\"enabled\":" + enabled + "}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		then(this.streams).should(never()).record(any(), any(), any());
	}

}
