package dev.mediaplatform.auth.token;

import dev.mediaplatform.auth.user.Credentials;
import dev.mediaplatform.auth.user.Registration;
import dev.mediaplatform.auth.user.UserExceptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The token routes and how their errors are answered, without a database or a server: the
 * services are mocks, and the security filters are left out (the full application tests
 * cover which routes are public).
 */
@WebMvcTest(AuthController.class)
@AutoConfigureMockMvc(addFilters = false)
class AuthControllerTests {

	static final TokenPair PAIR = new TokenPair("access", "Bearer", 900, "refresh", 2_592_000);

	@Autowired
	MockMvc mvc;

	@MockitoBean
	AccountService accounts;

	@MockitoBean
	TokenService tokens;

	@MockitoBean
	SigningKeys keys;

	@Nested
	class Login {

		@Test
		void shouldAnswerATokenPairWhenTheCredentialsAreRight() throws Exception {
			given(AuthControllerTests.this.accounts.login(any(Credentials.class), anyString())).willReturn(PAIR);

			AuthControllerTests.this.mvc
				.perform(post("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
					.content("{\"username\": \"alice\", \"password\": \"secret\"}"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.accessToken").value("access"))
				.andExpect(jsonPath("$.tokenType").value("Bearer"))
				.andExpect(jsonPath("$.refreshToken").value("refresh"));
		}

		@Test
		void shouldAnswerTheAccessTokenAloneOnTheOriginalPath() throws Exception {
			given(AuthControllerTests.this.accounts.login(any(Credentials.class), anyString())).willReturn(PAIR);

			AuthControllerTests.this.mvc
				.perform(post("/login").contentType(MediaType.APPLICATION_JSON)
					.content("{\"username\": \"alice\", \"password\": \"secret\"}"))
				.andExpect(status().isOk())
				.andExpect(content().json("{\"token\": \"access\"}", true));
		}

		@Test
		void shouldAnswer401WithAChallengeWhenTheCredentialsAreWrong() throws Exception {
			given(AuthControllerTests.this.accounts.login(any(Credentials.class), anyString()))
				.willThrow(UserExceptions.BadCredentials.create());

			AuthControllerTests.this.mvc
				.perform(post("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
					.content("{\"username\": \"alice\", \"password\": \"wrong\"}"))
				.andExpect(status().isUnauthorized())
				.andExpect(header().string("WWW-Authenticate", "Bearer realm=\"media-platform\""))
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.title").value("Login failed"))
				.andExpect(jsonPath("$.detail").value("unknown username or wrong password"));
		}

		@Test
		void shouldSayWhereJsonIsMalformed() throws Exception {
			AuthControllerTests.this.mvc
				.perform(post("/login").contentType(MediaType.APPLICATION_JSON).content("{\"username\": "))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.title").value("Invalid request"))
				.andExpect(jsonPath("$.detail").value("the body is not valid JSON (line 1, column 14)"));
		}

		@Test
		void shouldNameTheMissingFieldWhenTheBodyLacksIt() throws Exception {
			AuthControllerTests.this.mvc
				.perform(post("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
					.content("{\"username\": \"alice\"}"))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.detail").value("password is required"))
				.andExpect(jsonPath("$.errors[0].field").value("password"));
		}

		@Test
		void shouldAnswer415NamingTheTypeToSendWhenTheBodyIsNotJson() throws Exception {
			AuthControllerTests.this.mvc
				.perform(post("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
					.content("username=alice&password=secret"))
				.andExpect(status().isUnsupportedMediaType())
				.andExpect(jsonPath("$.detail")
					.value("send the body as application/json (Content-Type was application/x-www-form-urlencoded)"));
		}

	}

	@Nested
	class Register {

		@Test
		void shouldAnswer409WhenTheNameIsTaken() throws Exception {
			given(AuthControllerTests.this.accounts.register(any(Registration.class), anyString()))
				.willThrow(UserExceptions.UsernameTaken.forName("alice"));

			AuthControllerTests.this.mvc
				.perform(post("/api/v1/auth/register").contentType(MediaType.APPLICATION_JSON)
					.content("{\"username\": \"alice\", \"password\": \"a long enough password\"}"))
				.andExpect(status().isConflict())
				.andExpect(jsonPath("$.title").value("Username taken"))
				.andExpect(jsonPath("$.detail").value("the username 'alice' is taken"));
		}

	}

	@Nested
	class Refresh {

		@Test
		void shouldAnswer401NamingTheInvalidTokenWhenItWasUsedBefore() throws Exception {
			given(AuthControllerTests.this.tokens.refresh("used"))
				.willThrow(InvalidRefreshToken.because("the refresh token was already used; sign in again"));

			AuthControllerTests.this.mvc
				.perform(post("/api/v1/auth/refresh").contentType(MediaType.APPLICATION_JSON)
					.content("{\"refreshToken\": \"used\"}"))
				.andExpect(status().isUnauthorized())
				.andExpect(header().string("WWW-Authenticate",
						"Bearer error=\"invalid_token\", error_description=\"invalid refresh token\""))
				.andExpect(jsonPath("$.title").value("Invalid refresh token"))
				.andExpect(jsonPath("$.detail").value("the refresh token was already used; sign in again"));
		}

	}

}
