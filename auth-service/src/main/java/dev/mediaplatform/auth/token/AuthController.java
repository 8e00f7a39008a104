package dev.mediaplatform.auth.token;

import java.util.List;
import java.util.Map;

import dev.mediaplatform.auth.ratelimit.AttemptLimiter;
import dev.mediaplatform.auth.user.Credentials;
import dev.mediaplatform.auth.user.Registration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Register, log in, refresh, log out: the original paths and the versioned ones, served
 * by the same code. Every route here is public ({@code @SecurityRequirements} without
 * any): they are how a token is had.
 */
@RestController
@Tag(name = "auth", description = "Accounts and tokens")
class AuthController {

	private final AccountService accounts;

	private final TokenService tokens;

	private final SigningKeys keys;

	AuthController(AccountService accounts, TokenService tokens, SigningKeys keys) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.keys = keys;
	}

	/** The JWK set as documented; {@link SigningKeys#jwks()} writes it. */
	record Jwks(@ArraySchema(minItems = 1) List<Jwk> keys) {

		/** An RSA public key: the active signing key first, then retired ones. */
		record Jwk(@Schema(allowableValues = "RSA") String kty, String kid, @Schema(allowableValues = "sig") String use,
				@Schema(allowableValues = "RS256") String alg, String n, String e) {
		}

	}

	/** The original API's answer: the access token only. */
	record LegacyToken(String token) {
	}

	record RefreshRequest(@NotBlank(message = "is required") @Size(max = 200) String refreshToken) {

		@Override
		public String toString() {
			return "RefreshRequest[]";
		}

	}

	@Operation(summary = "Register (original API)")
	@SecurityRequirements
	@ApiResponse(responseCode = "200", description = "Registered; the access token")
	@ApiResponse(responseCode = "409", ref = "Conflict")
	@ApiResponse(responseCode = "429", ref = "TooManyRequests")
	@PostMapping(path = "/register", consumes = MediaType.APPLICATION_JSON_VALUE)
	LegacyToken registerLegacy(@Valid @RequestBody Registration registration, HttpServletRequest request) {
		return new LegacyToken(
				this.accounts.register(registration, AttemptLimiter.clientAddress(request)).accessToken());
	}

	@Operation(summary = "Log in (original API)")
	@SecurityRequirements
	@ApiResponse(responseCode = "200", description = "Logged in; the access token")
	@ApiResponse(responseCode = "401", ref = "Unauthorized")
	@ApiResponse(responseCode = "429", ref = "TooManyRequests")
	@PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
	LegacyToken loginLegacy(@Valid @RequestBody Credentials credentials, HttpServletRequest request) {
		return new LegacyToken(this.accounts.login(credentials, AttemptLimiter.clientAddress(request)).accessToken());
	}

	@Operation(summary = "Register; answers a token pair")
	@SecurityRequirements
	@ApiResponse(responseCode = "201", description = "Registered")
	@ApiResponse(responseCode = "409", ref = "Conflict")
	@ApiResponse(responseCode = "429", ref = "TooManyRequests")
	@PostMapping(path = "/api/v1/auth/register", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	TokenPair register(@Valid @RequestBody Registration registration, HttpServletRequest request) {
		return this.accounts.register(registration, AttemptLimiter.clientAddress(request));
	}

	@Operation(summary = "Log in; answers a token pair")
	@SecurityRequirements
	@ApiResponse(responseCode = "200", description = "Logged in")
	@ApiResponse(responseCode = "401", ref = "Unauthorized")
	@ApiResponse(responseCode = "429", ref = "TooManyRequests")
	@PostMapping(path = "/api/v1/auth/login", consumes = MediaType.APPLICATION_JSON_VALUE)
	TokenPair login(@Valid @RequestBody Credentials credentials, HttpServletRequest request) {
		return this.accounts.login(credentials, AttemptLimiter.clientAddress(request));
	}

	@Operation(summary = "Trade a refresh token for a new pair; each refresh token works once")
	@SecurityRequirements
	@ApiResponse(responseCode = "200", description = "The next token pair")
	@ApiResponse(responseCode = "401", ref = "Unauthorized",
			description = "The refresh token is unknown, used, revoked or expired")
	@PostMapping(path = "/api/v1/auth/refresh", consumes = MediaType.APPLICATION_JSON_VALUE)
	TokenPair refresh(@Valid @RequestBody RefreshRequest body) {
		return this.tokens.refresh(body.refreshToken());
	}

	@Operation(summary = "Log out: the refresh token and every token rotated from it stop working",
			description = "An unknown refresh token is ignored: logging out is idempotent")
	@SecurityRequirements
	@ApiResponse(responseCode = "204", description = "Logged out")
	@PostMapping(path = "/api/v1/auth/logout", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void logout(@Valid @RequestBody RefreshRequest body) {
		this.tokens.logout(body.refreshToken());
	}

	@Operation(summary = "The public keys that verify access tokens (JWKS)")
	@SecurityRequirements
	@ApiResponse(responseCode = "200", description = "The JWK set (RFC 7517), public parts only",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Jwks.class)))
	@GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> jwks() {
		return this.keys.jwks();
	}

}
