package dev.mediaplatform.auth.user;

import jakarta.validation.constraints.NotNull;

/**
 * A username and password as login takes them. Only the shape is checked here: a name or
 * password of any length or content is a failed login (401, counted by the brakes), never
 * a hint at the registration rules.
 *
 * @param username any string
 * @param password any string
 */
public record Credentials(@NotNull(message = "is required") String username,
		@NotNull(message = "is required") String password) {

	@Override
	public String toString() {
		// Login takes any string, so only a valid name reaches a log line.
		return "Credentials[username=" + Usernames.key(this.username).map((key) -> this.username).orElse("(invalid)")
				+ "]";
	}

}
