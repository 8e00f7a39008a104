package dev.mediaplatform.auth.user;

import java.time.Instant;
import java.util.List;

/** A user as the API shows it; never the password hash. */
public record UserView(String id, String username, List<String> roles, Instant createdAt) {

	static UserView of(User user) {
		return new UserView(user.getId(), user.getUsername(), user.getRoles(), user.getCreatedAt());
	}

}
