package dev.mediaplatform.servlet;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.core.PropertyReferenceException;
import org.springframework.data.core.TypeInformation;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class ApiExceptionHandlerSupportTests {

	MockMvc mvc;

	@BeforeEach
	void mvc() {
		this.mvc = MockMvcBuilders.standaloneSetup(new ThingController())
			.setControllerAdvice(new ServiceAdvice())
			.build();
	}

	@Test
	void shouldNameEachInvalidFieldWhenABodyFailsValidation() throws Exception {
		this.mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\" \"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Invalid request"))
			.andExpect(jsonPath("$.detail").value("name is required"))
			.andExpect(jsonPath("$.errors[0].field").value("name"))
			.andExpect(jsonPath("$.errors[0].message").value("is required"));
	}

	@Test
	void shouldAnswerAProblemWhenTheBodyIsNotJson() throws Exception {
		this.mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Failed to read request"));
	}

	@Test
	void shouldNameTheUnknownPropertyWhenSortingByIt() throws Exception {
		this.mvc.perform(get("/things/sorted"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.title").value("Invalid request"))
			.andExpect(jsonPath("$.detail").value("cannot sort by 'nonsense'"));
	}

	@Test
	void shouldKeepTheMessageOfAnUnexpectedErrorFromTheClient() throws Exception {
		this.mvc.perform(get("/things/broken"))
			.andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.title").value("Internal error"))
			.andExpect(jsonPath("$.detail").value("the request could not be completed; it has been logged"))
			.andExpect(content().string(not(containsString("s3cret"))));
	}

	@Test
	void shouldLeaveAccessDeniedToSpringSecurityRatherThanAnswer500() {
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> this.mvc.perform(get("/things/denied")))
			.withRootCauseInstanceOf(AccessDeniedException.class);
	}

	@Test
	void shouldLetTheServiceHandleItsOwnExceptions() throws Exception {
		this.mvc.perform(get("/things/missing"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.title").value("No such thing"));
	}

	record Thing(@NotBlank(message = "is required") String name) {
	}

	static class ThingMissing extends RuntimeException {

	}

	@RestController
	static class ThingController {

		@PostMapping("/things")
		Thing create(@Valid @RequestBody Thing thing) {
			return thing;
		}

		@GetMapping("/things/sorted")
		List<Thing> sorted() {
			throw new PropertyReferenceException("nonsense", TypeInformation.of(Thing.class), List.of());
		}

		@GetMapping("/things/broken")
		Thing broken() {
			throw new IllegalStateException("password s3cret rejected by the database");
		}

		@GetMapping("/things/denied")
		Thing denied() {
			throw new AccessDeniedException("no");
		}

		@GetMapping("/things/missing")
		Thing missing() {
			throw new ThingMissing();
		}

	}

	@RestControllerAdvice
	static class ServiceAdvice extends ApiExceptionHandlerSupport {

		@ExceptionHandler(ThingMissing.class)
		ProblemDetail missing(ThingMissing ex) {
			return problem(HttpStatus.NOT_FOUND, "No such thing", "no thing here");
		}

	}

}
