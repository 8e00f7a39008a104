package dev.mediaplatform.auth.user;

import java.time.Instant;
import java.util.UUID;

import dev.mediaplatform.auth.SharedMariaDb;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jpa.test.autoconfigure.TestEntityManager;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The users table as Flyway creates it on the MariaDB server the other tests share: names
 * are unique regardless of case because the lower-cased key carries the unique index.
 * Each test rolls back.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ContextConfiguration(initializers = SharedMariaDb.class)
class UserRepositoryTests {

	@Autowired
	UserRepository users;

	@Autowired
	TestEntityManager entities;

	/** A name no other test of the shared database uses. */
	static String uniqueName() {
		return "slice" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void shouldFindAUserByTheKeyOfItsNameInAnyCase() {
		String name = uniqueName();
		User saved = this.users.saveAndFlush(new User(name, "{bcrypt}hash", Instant.now()));

		assertThat(this.users.findByUsernameKey(Usernames.key(name.toUpperCase()).orElseThrow()))
			.hasValueSatisfying((found) -> assertThat(found.getId()).isEqualTo(saved.getId()));
		assertThat(this.users.existsByUsernameKey(Usernames.key(name).orElseThrow())).isTrue();
	}

	@Test
	void shouldRefuseASecondUserWhoseNameDiffersOnlyInCase() {
		String name = uniqueName();
		this.users.saveAndFlush(new User(name, "{bcrypt}hash", Instant.now()));

		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.users.saveAndFlush(new User(name.toUpperCase(), "{bcrypt}hash", Instant.now())));
	}

	@Test
	void shouldKeepTheRolesAndTheCreationTimeToTheMicrosecond() {
		Instant created = Instant.parse("2026-01-02T03:04:05.123456Z");
		User saved = this.users.saveAndFlush(new User(uniqueName(), "{bcrypt}hash", created));
		this.entities.clear();

		User read = this.users.findById(saved.getId()).orElseThrow();
		assertThat(read.getRoles()).containsExactly(User.ROLE_USER);
		assertThat(read.getCreatedAt()).isEqualTo(created);
	}

}
