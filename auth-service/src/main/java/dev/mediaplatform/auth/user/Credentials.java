package dev.mediaplatform.auth.user;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A username and password, as register and login take them.
 *
 * @param username 3 to 32 of letters, digits, dot, underscore and dash
 * @param password 8 to 128 characters
 */
public record Credentials(
		@NotNull(message = "is required") @Pattern(regexp = "[A-Za-z0-9._-]{3,32}",
				message = "must be 3 to 32 characters: letters, digits, '.', '_' or '-'") String username,
		@NotNull(message = "is required") @Size(min = 8, max = 128,
				message = "must be 8 to 128 characters") String password) {

	@Override
	public String toString() {
		return "Credentials[username=" + this.username + "]";
	}

}
