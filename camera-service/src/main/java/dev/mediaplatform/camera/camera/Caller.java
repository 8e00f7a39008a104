package dev.mediaplatform.camera.camera;

/** Who is asking, from a verified token. */
public record Caller(String id, String username, String token) {

	public static Caller of(org.springframework.security.oauth2.jwt.Jwt jwt) {
		return new Caller(jwt.getSubject(), jwt.getClaimAsString("username"), jwt.getTokenValue());
	}

	@Override
	public String toString() {
		return "Caller[" + this.username + "]";
	}

}
