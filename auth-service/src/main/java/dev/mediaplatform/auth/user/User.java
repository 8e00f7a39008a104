package dev.mediaplatform.auth.user;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An account. The username's key (see {@link Usernames#key}) carries the unique index, so
 * names are unique regardless of case.
 */
@Entity
@Table(name = "users")
public class User {

	public static final String ROLE_USER = "USER";

	public static final String ROLE_ADMIN = "ADMIN";

	@Id
	private String id;

	private String username;

	@Column(name = "username_key")
	private String usernameKey;

	@Column(name = "password_hash")
	private String passwordHash;

	private String roles;

	@Column(name = "created_at")
	private Instant createdAt;

	protected User() {
	}

	User(String username, String passwordHash, Instant createdAt) {
		this.id = UUID.randomUUID().toString();
		this.username = Usernames.canonical(username);
		this.usernameKey = Usernames.key(username)
			.orElseThrow(() -> new IllegalArgumentException("not a valid username: " + username));
		this.passwordHash = passwordHash;
		this.roles = ROLE_USER;
		this.createdAt = createdAt;
	}

	public String getId() {
		return this.id;
	}

	public String getUsername() {
		return this.username;
	}

	String getPasswordHash() {
		return this.passwordHash;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public List<String> getRoles() {
		return List.of(this.roles.split(","));
	}

	public boolean isAdmin() {
		return getRoles().contains(ROLE_ADMIN);
	}

	/** Returns whether the role was new. */
	boolean grant(String role) {
		Set<String> roles = new LinkedHashSet<>(Arrays.asList(this.roles.split(",")));
		boolean added = roles.add(role);
		this.roles = String.join(",", roles);
		return added;
	}

}
