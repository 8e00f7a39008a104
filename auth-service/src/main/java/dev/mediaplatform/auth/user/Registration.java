package dev.mediaplatform.auth.user;

import io.swagger.v3.oas.annotations.media.Schema;
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

	// The limits the validators hold, in the OpenAPI document too; on the accessors: the
	// formatter mangles annotated record components.
	@Override
	@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 3, maxLength = 32, pattern = "^[A-Za-z0-9._-]+$",
			description = "3 to 32 characters: letters, digits, '.', '_' or '-'")
	public String username() {
		return this.username;
	}

	@Override
	@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = ValidPassword.MIN, maxLength = ValidPassword.MAX,
			description = "8 to 128 characters of any kind")
	public String password() {
		return this.password;
	}

	@Override
	public String toString() {
		return "Registration[username=" + this.username + "]";
	}

}
