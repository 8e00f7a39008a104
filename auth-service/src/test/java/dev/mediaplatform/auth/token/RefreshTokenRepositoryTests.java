package dev.mediaplatform.auth.token;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.mediaplatform.auth.SharedMariaDb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jpa.test.autoconfigure.TestEntityManager;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refresh_tokens table as Flyway creates it on the MariaDB server the other tests
 * share: lookups by hash, revoking one family, the hourly clean-up, and the tokens going
 * with their user. Each test rolls back.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ContextConfiguration(initializers = SharedMariaDb.class)
class RefreshTokenRepositoryTests {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

	@Autowired
	RefreshTokenRepository tokens;

	@Autowired
	TestEntityManager entities;

	String userId;

	/**
	 * A user row for the foreign key, written directly: the user entity is not this
	 * package's.
	 */
	@BeforeEach
	void insertUser() {
		this.userId = UUID.randomUUID().toString();
		String name = "slice" + this.userId.substring(0, 8);
		this.entities.getEntityManager()
			.createNativeQuery("INSERT INTO users (id, username, username_key, password_hash, roles, created_at) "
					+ "VALUES (?1, ?2, ?2, '{bcrypt}hash', 'USER', ?3)")
			.setParameter(1, this.userId)
			.setParameter(2, name)
			.setParameter(3, NOW)
			.executeUpdate();
	}

	RefreshToken save(String familyId, Instant expiresAt) {
		return this.tokens.saveAndFlush(new RefreshToken(this.userId, familyId,
				TokenService.hash(UUID.randomUUID().toString()), NOW, expiresAt));
	}

	String id(RefreshToken token) {
		return this.entities.getId(token, String.class);
	}

	@Test
	void shouldFindATokenByTheHashOfItsValue() {
		String hash = TokenService.hash("the token");
		this.tokens.saveAndFlush(new RefreshToken(this.userId, "family", hash, NOW, NOW.plusSeconds(60)));
		this.entities.clear();

		assertThat(this.tokens.findByTokenHash(hash))
			.hasValueSatisfying((found) -> assertThat(found.getUserId()).isEqualTo(this.userId));
		assertThat(this.tokens.findByTokenHash(TokenService.hash("another token"))).isEmpty();
	}

	@Test
	void shouldRevokeOneFamilyAndLeaveTheOthers() {
		String family = UUID.randomUUID().toString();
		String other = UUID.randomUUID().toString();
		RefreshToken first = save(family, NOW.plusSeconds(60));
		RefreshToken second = save(family, NOW.plusSeconds(60));
		RefreshToken unrelated = save(other, NOW.plusSeconds(60));

		assertThat(this.tokens.revokeFamily(family, NOW)).isEqualTo(2);
		this.entities.clear();

		assertThat(this.tokens.findById(id(first)).orElseThrow().isRevoked()).isTrue();
		assertThat(this.tokens.findById(id(second)).orElseThrow().isRevoked()).isTrue();
		assertThat(this.tokens.findById(id(unrelated)).orElseThrow().isRevoked()).isFalse();
		assertThat(this.tokens.revokeFamily(family, NOW)).as("a family is revoked once").isZero();
	}

	@Test
	void shouldDeleteOnlyExpiredTokens() {
		RefreshToken expired = save(UUID.randomUUID().toString(), NOW.minusSeconds(1));
		RefreshToken valid = save(UUID.randomUUID().toString(), NOW.plusSeconds(60));

		assertThat(this.tokens.deleteExpired(NOW)).isPositive();
		this.entities.clear();

		assertThat(this.tokens.findById(id(expired))).isEmpty();
		assertThat(this.tokens.findById(id(valid))).isPresent();
	}

	@Test
	void shouldGoWithTheirUser() {
		RefreshToken token = save(UUID.randomUUID().toString(), NOW.plusSeconds(60));

		this.entities.getEntityManager()
			.createNativeQuery("DELETE FROM users WHERE id = ?1")
			.setParameter(1, this.userId)
			.executeUpdate();
		this.entities.clear();

		assertThat(this.tokens.findById(id(token))).isEmpty();
	}

}
