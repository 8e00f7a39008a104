package dev.mediaplatform.servlet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.data.web.PageableHandlerMethodArgumentResolver;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class PageParametersTests {

	MockMvc mvc;

	@BeforeEach
	void mvc() {
		PageParameters paging = new PageParameters();
		this.mvc = MockMvcBuilders.standaloneSetup(new PagedController())
			.setCustomArgumentResolvers(new PageableHandlerMethodArgumentResolver())
			.addInterceptors(paging)
			.setControllerAdvice(new Advice())
			.build();
	}

	@Test
	void shouldServeAPageWhenPageAndSizeAreWithinTheRule() throws Exception {
		this.mvc.perform(get("/things")).andExpect(status().isOk()).andExpect(content().string("0 10"));
		this.mvc.perform(get("/things?page=3&size=2000"))
			.andExpect(status().isOk())
			.andExpect(content().string("3 2000"));
		this.mvc.perform(get("/unpaged?page=-1&size=abc")).andExpect(status().isOk());
	}

	@Test
	void shouldRefuseEachParameterByNameInsteadOfFallingBackToTheDefault() throws Exception {
		for (String query : new String[] { "page=-1", "page=abc", "page=1&page=2", "page=2147483648" }) {
			this.mvc.perform(get("/things?" + query))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.detail").value("page must be an integer from 0 to 2147483647"))
				.andExpect(jsonPath("$.errors[0].field").value("page"));
		}
		for (String query : new String[] { "size=0", "size=2001", "size=100000", "size=1.5", "size=" }) {
			this.mvc.perform(get("/things?" + query))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.detail").value("size must be an integer from 1 to 2000"))
				.andExpect(jsonPath("$.errors[0].field").value("size"));
		}
	}

	@Test
	void shouldRefuseAPageWhoseOffsetWouldWrapAround() throws Exception {
		this.mvc.perform(get("/things?page=6700417&size=641"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("page"));
		// With the route's default size of 10.
		this.mvc.perform(get("/things?page=214748364")).andExpect(status().isOk());
		this.mvc.perform(get("/things?page=214748365")).andExpect(status().isBadRequest());
	}

	@RestController
	static class PagedController {

		@GetMapping("/things")
		String things(@PageableDefault(size = 10) Pageable pageable) {
			return pageable.getPageNumber() + " " + pageable.getPageSize();
		}

		@GetMapping("/unpaged")
		String unpaged() {
			return "all";
		}

	}

	@RestControllerAdvice
	static class Advice extends ApiExceptionHandlerSupport {

	}

}
