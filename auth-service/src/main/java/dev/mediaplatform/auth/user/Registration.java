package dev.mediaplatform.auth.user;

import jakarta.validation.constraints.NotNull;

/**
 * A new account as register takes it.
 *
 * @param username 3 to 32 of letters, digits, dot, underscore and dash; see
 * {@link Usernames}
 * @param password 8 to 128 characters of any kind; see {@link ValidPassword}
 */
public record Registration(@NotNull(message = "is required") @ValidUsername String username,
		@NotNull(message = "is required") @ValidPassword String password) {

	@Override
	public String toString() {
		return "Registration[username=" + this.username + "]";
	}

}
