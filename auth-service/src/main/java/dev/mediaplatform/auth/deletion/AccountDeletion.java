package dev.mediaplatform.auth.deletion;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A deleted account that Kafka has not acknowledged yet: one row of the outbox, written
 * in the transaction that deletes the user. The relay's claim columns are written by its
 * queries only.
 */
@Entity
@Table(name = "account_deletion_outbox")
class AccountDeletion {

	@Id
	private String id;

	@Column(name = "user_id")
	private String userId;

	private String username;

	@Column(name = "deleted_at")
	private Instant deletedAt;

	protected AccountDeletion() {
	}

	AccountDeletion(String userId, String username, Instant deletedAt) {
		this.id = UUID.randomUUID().toString();
		this.userId = userId;
		this.username = username;
		this.deletedAt = deletedAt;
	}

	String getId() {
		return this.id;
	}

	String getUserId() {
		return this.userId;
	}

	String getUsername() {
		return this.username;
	}

	Instant getDeletedAt() {
		return this.deletedAt;
	}

}
