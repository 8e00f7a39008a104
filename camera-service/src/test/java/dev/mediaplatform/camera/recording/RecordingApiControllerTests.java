package dev.mediaplatform.camera.recording;

import dev.mediaplatform.camera.config.WebSliceJson;
import dev.mediaplatform.camera.config.WebSliceSecurity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Pageable;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The recordings API's web layer: recording ids that name nothing, the file-name form on
 * DELETE, and the paging of the list.
 */
@WebMvcTest(RecordingApiController.class)
@Import({ WebSliceSecurity.class, WebSliceJson.class })
class RecordingApiControllerTests {

	static final String ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	static final String RECORDINGS = "/api/v1/cameras/" + ID + "/recordings";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	RecordingService recordings;

	@MockitoBean
	JwtDecoder decoder;

	static RequestPostProcessor alice() {
		return jwt().jwt((token) -> token.subject("alice-id").claim("username", "alice"));
	}

	/**
	 * The gateway serves a well-formed recording's file and thumbnail; what it passes on
	 * was answered 405 "Method 'GET' is not supported".
	 */
	@ParameterizedTest
	@ValueSource(strings = { "abc", "12x.mp4", "1234567890123456", "1.mp4.mp4", "abc/thumbnail.jpg" })
	void shouldAnswerNotFoundForARecordingFileThatReachesThisService(String name) throws Exception {
		String recordingId = name.replace("/thumbnail.jpg", "");
		willThrow(RecordingNotFound.forId(ID, recordingId)).given(this.recordings)
			.noSuchFile(any(), eq(ID), eq(recordingId));

		this.mvc.perform(get(RECORDINGS + "/" + name).with(alice()))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("No such recording"));
		this.mvc.perform(head(RECORDINGS + "/" + name).with(alice())).andExpect(status().isNotFound());
	}

	@Test
	void shouldStillAnswerTheTimelineAndThePlaybackPlaylistByTheirNames() throws Exception {
		this.mvc.perform(get(RECORDINGS + "/timeline").with(alice())).andExpect(status().isOk());
		then(this.recordings).should().timeline(any(), eq(ID), any(), any());
		then(this.recordings).should(never()).noSuchFile(any(), any(), any());
	}

	@Test
	void shouldPassTheFileNameFormOnToDelete() throws Exception {
		this.mvc.perform(delete(RECORDINGS + "/1700000000000.mp4").with(alice())).andExpect(status().isNoContent());

		then(this.recordings).should().delete(any(), eq(ID), eq("1700000000000.mp4"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "page=-1", "size=0", "size=2001", "page=x", "page=6700417&size=641" })
	void shouldRefuseAPageOrSizeItCannotUse(String query) throws Exception {
		this.mvc.perform(get(RECORDINGS + "?" + query).with(alice()))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Invalid request"));
		then(this.recordings).should(never()).list(any(), any(), any(), any(), any(Pageable.class));
	}

}
