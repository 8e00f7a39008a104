package dev.mediaplatform.auth.token;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One refresh token, stored only as the SHA-256 of its value. Each use replaces it with a
 * new token of the same family; presenting a used one again means it was stolen, and
 * revokes the whole family.
 */
@Entity
@Table(name = "refresh_tokens")
class RefreshToken {

	@Id
	private String id;

	@Column(name = "user_id")
	private String userId;

	@Column(name = "family_id")
	private String familyId;

	@Column(name = "token_hash")
	private String tokenHash;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "expires_at")
	private Instant expiresAt;

	@Column(name = "used_at")
	private Instant usedAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	protected RefreshToken() {
	}

	RefreshToken(String userId, String familyId, String tokenHash, Instant createdAt, Instant expiresAt) {
		this.id = UUID.randomUUID().toString();
		this.userId = userId;
		this.familyId = familyId;
		this.tokenHash = tokenHash;
		this.createdAt = createdAt;
		this.expiresAt = expiresAt;
	}

	String getUserId() {
		return this.userId;
	}

	String getFamilyId() {
		return this.familyId;
	}

	boolean isUsed() {
		return this.usedAt != null;
	}

	boolean isRevoked() {
		return this.revokedAt != null;
	}

	boolean isExpired(Instant now) {
		return !now.isBefore(this.expiresAt);
	}

	void markUsed(Instant now) {
		this.usedAt = now;
	}

}
