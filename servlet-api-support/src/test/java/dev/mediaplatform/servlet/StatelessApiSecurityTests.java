package dev.mediaplatform.servlet;

import java.security.Principal;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.junit.jupiter.web.SpringJUnitWebConfig;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringJUnitWebConfig(StatelessApiSecurityTests.Config.class)
class StatelessApiSecurityTests {

	static final String USER_TOKEN = "user-token";

	MockMvc mvc;

	@BeforeEach
	void mvc(WebApplicationContext context) {
		this.mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
	}

	@Test
	void shouldAnswer401AsAProblemWithABearerChallengeAndNoSessionWhenNoTokenIsSent() throws Exception {
		MvcResult result = this.mvc.perform(get("/things"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")))
			.andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate"))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("about:blank"))
			.andExpect(jsonPath("$.title").value("Unauthorized"))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.detail").value("a bearer token is required"))
			.andExpect(jsonPath("$.instance").value("/things"))
			.andReturn();
		assertThat(result.getRequest().getSession(false)).as("no session to remember the request in").isNull();
	}

	@Test
	void shouldSayTheTokenIsNotValidWhenItCannotBeDecoded() throws Exception {
		this.mvc.perform(get("/things").header(HttpHeaders.AUTHORIZATION, "Bearer forged"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("error=\"invalid_token\"")))
			.andExpect(jsonPath("$.detail")
				.value("the bearer token is not valid: it is malformed, expired, or not signed by this platform"));
	}

	@Test
	void shouldAnswer403AsAProblemWhenTheTokenLacksTheRole() throws Exception {
		this.mvc.perform(get("/admin").header(HttpHeaders.AUTHORIZATION, "Bearer " + USER_TOKEN))
			.andExpect(status().isForbidden())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("error=\"insufficient_scope\"")))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Forbidden"))
			.andExpect(jsonPath("$.detail").value("this needs a role the token does not have"));
	}

	@Test
	void shouldAuthenticateAPostByItsBearerToken() throws Exception {
		this.mvc.perform(post("/things").header(HttpHeaders.AUTHORIZATION, "Bearer " + USER_TOKEN))
			.andExpect(status().isOk())
			.andExpect(content().string("created by u1"));
	}

	@Test
	void shouldAcceptAnAnonymousPostToAnOpenRouteWithoutCsrfToken() throws Exception {
		// As POST /register and /login: no session cookie to forge a request with.
		this.mvc.perform(post("/open")).andExpect(status().isOk()).andExpect(content().string("open"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	@EnableWebSecurity
	static class Config {

		@Bean
		SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
			StatelessApiSecurity
				.configure(http, new ProblemResponses(JsonMapper.shared()), (jwt) -> jwt.decoder(decoder()))
				.authorizeHttpRequests((requests) -> requests.requestMatchers("/open")
					.permitAll()
					.requestMatchers("/admin")
					.hasAuthority("SCOPE_admin")
					.anyRequest()
					.authenticated());
			return http.build();
		}

		/** Knows one token, of a user without the admin scope. */
		static JwtDecoder decoder() {
			return (token) -> {
				if (!USER_TOKEN.equals(token)) {
					throw new BadJwtException("not a token of this test");
				}
				return Jwt.withTokenValue(token)
					.header("alg", "none")
					.subject("u1")
					.claim("scope", "read")
					.issuedAt(Instant.now())
					.expiresAt(Instant.now().plusSeconds(60))
					.build();
			};
		}

		@Bean
		ThingController thingController() {
			return new ThingController();
		}

	}

	@RestController
	static class ThingController {

		@GetMapping({ "/things", "/admin" })
		String things() {
			return "things";
		}

		@PostMapping("/things")
		String create(Principal principal) {
			return "created by " + principal.getName();
		}

		@PostMapping("/open")
		String open() {
			return "open";
		}

	}

}
