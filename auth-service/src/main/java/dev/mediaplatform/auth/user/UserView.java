package dev.mediaplatform.auth.user;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/** A user as the API shows it; never the password hash. */
public record UserView(String id, String username, List<String> roles, Instant createdAt) {

	// On the accessor: the formatter mangles annotated record components.
	@Override
	@ArraySchema(schema = @Schema(allowableValues = { User.ROLE_USER, User.ROLE_ADMIN }))
	public List<String> roles() {
		return this.roles;
	}

	static UserView of(User user) {
		return new UserView(user.getId(), user.getUsername(), user.getRoles(), user.getCreatedAt());
	}

}
