package dev.mediaplatform.camera.stream;

import dev.mediaplatform.camera.camera.CameraService;
import dev.mediaplatform.camera.config.WebSliceJson;
import dev.mediaplatform.camera.config.WebSliceSecurity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The stream and recording switches' web layer: a switch is a JSON boolean, never a
 * number or a string read as one.
 */
@WebMvcTest(StreamApiController.class)
@Import({ WebSliceSecurity.class, WebSliceJson.class })
class StreamApiControllerTests {

	static final String ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	CameraService cameras;

	@MockitoBean
	StreamService streams;

	@MockitoBean
	StreamUrls streamUrls;

	@MockitoBean
	JwtDecoder decoder;

	@ParameterizedTest
	@ValueSource(strings = { "1", "0", "\"true\"", "1.0" })
	void shouldRefuseASwitchThatIsNotAJsonBoolean(String value) throws Exception {
		this.mvc
			.perform(put("/api/v1/cameras/" + ID + "/stream").with(jwt().jwt((token) -> token.subject("alice-id")))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"streaming\":" + value + "}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc
			.perform(put("/api/v1/cameras/" + ID + "/recording").with(jwt().jwt((token) -> token.subject("alice-id")))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"enabled\":" + value + "}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		then(this.streams).should(never()).startStream(any(), any());
		then(this.streams).should(never()).stopStream(any(), any());
		then(this.streams).should(never()).record(any(), any(), any());
	}

}
