package dev.mediaplatform.camera.camera;

import java.time.Instant;
import java.util.List;

import dev.mediaplatform.camera.config.WebSliceJson;
import dev.mediaplatform.camera.config.WebSliceSecurity;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The versioned camera API's web layer alone: paths, bodies and the problem details its
 * errors become, with the service behind it stubbed.
 */
@WebMvcTest(CameraApiController.class)
@Import({ WebSliceSecurity.class, WebSliceJson.class })
class CameraApiControllerTests {

	static final String ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	CameraService cameras;

	@MockitoBean
	JwtDecoder decoder;

	static RequestPostProcessor alice() {
		return jwt().jwt((token) -> token.subject("alice-id").claim("username", "alice"));
	}

	static CameraView view(CameraState state) {
		Instant at = Instant.parse("2026-01-02T03:04:05Z");
		return new CameraView(ID, "Porch", "rtsp://porch.local/live", "tcp", "alice", "owner", true, false, state, null,
				at, List.of(), at, at, RecordingState.OFF, null);
	}

	@Nested
	class Reading {

		@Test
		void shouldAnswerTheCameraAsTheCallerSeesItWithItsStateByName() throws Exception {
			given(CameraApiControllerTests.this.cameras.get(any(), eq(ID))).willReturn(view(CameraState.RECONNECTING));

			CameraApiControllerTests.this.mvc.perform(get("/api/v1/cameras/" + ID).with(alice()))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.id").value(ID))
				.andExpect(jsonPath("$.status").value("RECONNECTING"))
				.andExpect(jsonPath("$.recordingStatus").value("OFF"));
		}

		@Test
		void shouldAnswerNotFoundAsAProblemWhenTheCameraIsNotVisible() throws Exception {
			given(CameraApiControllerTests.this.cameras.get(any(), eq(ID))).willThrow(CameraNotFound.forId(ID));

			CameraApiControllerTests.this.mvc.perform(get("/api/v1/cameras/" + ID).with(alice()))
				.andExpect(status().isNotFound())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.status").value(404))
				.andExpect(jsonPath("$.title").value("No such camera"))
				.andExpect(jsonPath("$.detail").value("no camera " + ID));
		}

		@Test
		void shouldRefuseASortByAnUnsortableProperty() throws Exception {
			CameraApiControllerTests.this.mvc.perform(get("/api/v1/cameras?sort=ownerId").with(alice()))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.title").value("Invalid request"))
				.andExpect(jsonPath("$.errors[0].field").value("sort"));
		}

		@Test
		void shouldAnswerUnauthorizedWithoutAToken() throws Exception {
			CameraApiControllerTests.this.mvc.perform(get("/api/v1/cameras/" + ID))
				.andExpect(status().isUnauthorized());
		}

	}

	@Nested
	class Changing {

		@Test
		void shouldAnswerCreatedWithTheCamerasLocation() throws Exception {
			given(CameraApiControllerTests.this.cameras.add(any(), eq("Porch"), eq("rtsp://porch.local/live"),
					eq(null)))
				.willReturn(view(CameraState.STOPPED));

			CameraApiControllerTests.this.mvc
				.perform(post("/api/v1/cameras").with(alice())
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"name\":\"Porch\",\"rtspUrl\":\"rtsp://porch.local/live\"}"))
				.andExpect(status().isCreated())
				.andExpect(header().string("Location", "/api/v1/cameras/" + ID))
				.andExpect(jsonPath("$.status").value("STOPPED"));
		}

		@Test
		void shouldAnswerBadRequestNamingTheFieldWhenInputIsInvalid() throws Exception {
			given(CameraApiControllerTests.this.cameras.add(any(), any(), any(), any()))
				.willThrow(InvalidCameraInput.field("rtspUrl", "is required"));

			CameraApiControllerTests.this.mvc
				.perform(post("/api/v1/cameras").with(alice())
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"name\":\"Porch\"}"))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.title").value("Invalid request"))
				.andExpect(jsonPath("$.detail").value("rtspUrl is required"))
				.andExpect(jsonPath("$.errors[0].field").value("rtspUrl"))
				.andExpect(jsonPath("$.errors[0].message").value("rtspUrl is required"));
		}

		@Test
		void shouldAnswerForbiddenAsAProblemWhenTheRoleIsTooSmall() throws Exception {
			given(CameraApiControllerTests.this.cameras.update(any(), eq(ID), eq("Door"), any(), any()))
				.willThrow(NotAllowed.because("only the camera's owner can do this"));

			CameraApiControllerTests.this.mvc
				.perform(patch("/api/v1/cameras/" + ID).with(alice())
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"name\":\"Door\"}"))
				.andExpect(status().isForbidden())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.title").value("Not allowed"))
				.andExpect(jsonPath("$.detail").value("only the camera's owner can do this"));
		}

	}

	@Nested
	class Paging {

		@Test
		void shouldPassAValidPageAndSizeOn() throws Exception {
			given(CameraApiControllerTests.this.cameras.list(any(), any(Pageable.class))).willReturn(Page.empty());

			CameraApiControllerTests.this.mvc.perform(get("/api/v1/cameras?page=3&size=2000").with(alice()))
				.andExpect(status().isOk());

			then(CameraApiControllerTests.this.cameras).should()
				.list(any(), eq(PageRequest.of(3, 2000, Sort.by("name"))));
		}

		@ParameterizedTest
		@ValueSource(strings = { "page=-1", "page=x", "page=1.5", "page=", "page=99999999999", "page=1&page=2",
				"size=0", "size=-5", "size=2001", "size=x", "size=" })
		void shouldRefuseAPageOrSizeItCannotUseInsteadOfTakingTheDefault(String query) throws Exception {
			String parameter = query.substring(0, query.indexOf('='));
			CameraApiControllerTests.this.mvc.perform(get("/api/v1/cameras?" + query).with(alice()))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.title").value("Invalid request"))
				.andExpect(jsonPath("$.errors[0].field").value(parameter));
			then(CameraApiControllerTests.this.cameras).should(never()).list(any(), any(Pageable.class));
		}

		@Test
		void shouldRefuseAPageWhoseOffsetWouldWrapAround() throws Exception {
			// 6700417 × 641 = 2^32 + 1: an int offset of 1, which answered the second
			// camera on and a total of 2^32 + 12.
			CameraApiControllerTests.this.mvc.perform(get("/api/v1/cameras?page=6700417&size=641").with(alice()))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.errors[0].field").value("page"));
			// With the default size (50) as well.
			CameraApiControllerTests.this.mvc.perform(get("/api/v1/cameras?page=42949673").with(alice()))
				.andExpect(status().isBadRequest());
			then(CameraApiControllerTests.this.cameras).should(never()).list(any(), any(Pageable.class));
		}

	}

	@Nested
	class Coercion {

		@ParameterizedTest
		@ValueSource(strings = { "1.5", "7", "true" })
		void shouldRefuseANameThatIsNotAJsonString(String name) throws Exception {
			CameraApiControllerTests.this.mvc
				.perform(post("/api/v1/cameras").with(alice())
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"name\":" + name + ",\"rtspUrl\":\"rtsp://porch.local/live\"}"))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.detail").value("name must be a JSON string"))
				.andExpect(jsonPath("$.errors[0].field").value("name"));
			CameraApiControllerTests.this.mvc
				.perform(patch("/api/v1/cameras/" + ID).with(alice())
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"name\":" + name + "}"))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
			then(CameraApiControllerTests.this.cameras).should(never()).add(any(), any(), any(), any());
			then(CameraApiControllerTests.this.cameras).should(never()).update(any(), any(), any(), any(), any());
		}

	}

}
