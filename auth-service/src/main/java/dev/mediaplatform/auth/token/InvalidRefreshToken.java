package dev.mediaplatform.auth.token;

/** 401: the refresh token is unknown, expired, revoked or was used before. */
public final class InvalidRefreshToken extends RuntimeException {

	private InvalidRefreshToken(String reason) {
		super(reason);
	}

	static InvalidRefreshToken because(String reason) {
		return new InvalidRefreshToken(reason);
	}

}
