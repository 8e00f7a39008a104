package dev.mediaplatform.auth.token;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What login, registration and refresh answer in the versioned API.
 *
 * @param accessToken the JWT to send as {@code Authorization: Bearer}
 * @param tokenType always {@code Bearer}
 * @param expiresIn seconds until the access token expires
 * @param refreshToken single-use token for {@code POST /api/v1/auth/refresh}
 * @param refreshExpiresIn seconds until the refresh token expires
 */
public record TokenPair(String accessToken, String tokenType, long expiresIn, String refreshToken,
		long refreshExpiresIn) {

	@Override
	@Schema(allowableValues = "Bearer")
	public String tokenType() {
		return this.tokenType;
	}

	@Override
	public String toString() {
		return "TokenPair[expiresIn=" + this.expiresIn + "]";
	}

}
