package dev.mediaplatform.auth.user;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user, and the user list for administrators. */
@RestController
@Tag(name = "users", description = "Accounts")
class UserController {

	private final UserService users;

	UserController(UserService users) {
		this.users = users;
	}

	@Operation(summary = "The signed-in user (original API)")
	@ApiResponse(responseCode = "200", description = "The signed-in user")
	@GetMapping("/self")
	UserView selfLegacy(@AuthenticationPrincipal Jwt token) {
		return UserView.of(this.users.current(token.getSubject()));
	}

	@Operation(summary = "Every user, for administrators (original API)")
	@ApiResponse(responseCode = "200", description = "Every user")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@GetMapping("/users")
	List<UserView> usersLegacy() {
		return this.users.list();
	}

	@Operation(summary = "The signed-in user")
	@ApiResponse(responseCode = "200", description = "The signed-in user")
	@GetMapping("/api/v1/users/me")
	UserView self(@AuthenticationPrincipal Jwt token) {
		return UserView.of(this.users.current(token.getSubject()));
	}

	@Operation(summary = "Delete the signed-in user's account; its tokens stop working")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@DeleteMapping("/api/v1/users/me")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void deleteSelf(@AuthenticationPrincipal Jwt token) {
		this.users.delete(this.users.current(token.getSubject()).getId());
	}

	/** What another user may know of an account: enough to share a camera with it. */
	record UserReference(String id, String username) {
	}

	@Operation(summary = "Find a user by name (any case), to share a camera with; 404 when there is none")
	@ApiResponse(responseCode = "200", description = "The user")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@GetMapping("/api/v1/users/lookup")
	UserReference lookup(@Parameter(description = "the username, in any case") @RequestParam String username) {
		User user = this.users.findByUsername(username);
		return new UserReference(user.getId(), user.getUsername());
	}

	@Operation(summary = "Users, a page at a time, for administrators",
			description = "Sorted by username unless sort names another property")
	@ApiResponse(responseCode = "200", description = "A page of users")
	@ApiResponse(responseCode = "400", ref = "BadRequest")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@GetMapping("/api/v1/users")
	PagedModel<UserView> users(@ParameterObject @PageableDefault(size = 50, sort = "usernameKey") Pageable pageable) {
		return new PagedModel<>(this.users.list(pageable));
	}

	@Operation(summary = "Delete a user, for administrators")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "403", ref = "Forbidden")
	@ApiResponse(responseCode = "404", ref = "NotFound")
	@DeleteMapping("/api/v1/users/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String id) {
		this.users.delete(id);
	}

}
