package dev.mediaplatform.auth.user;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mediaplatform.auth.config.AuthProperties;
import dev.mediaplatform.auth.deletion.AccountDeletionOutbox;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class UserServiceTests {

	/** Counts password checks: each costs the same hashing time, known user or not. */
	static final class CountingEncoder implements PasswordEncoder {

		final AtomicInteger checks = new AtomicInteger();

		final PasswordEncoder bcrypt = new BCryptPasswordEncoder(4);

		@Override
		public String encode(CharSequence raw) {
			return this.bcrypt.encode(raw);
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			this.checks.incrementAndGet();
			return this.bcrypt.matches(raw, encoded);
		}

	}

	@Test
	void shouldHashThePasswordEvenWhenTheUserIsUnknown() {
		UserRepository repository = mock(UserRepository.class);
		when(repository.findByUsernameKey(anyString())).thenReturn(Optional.empty());
		CountingEncoder encoder = new CountingEncoder();
		UserService service = new UserService(repository, encoder, mock(AccountDeletionOutbox.class), Clock.systemUTC(),
				new AuthProperties(null, null, null, null, null));

		assertThatThrownBy(() -> service.authenticate(new Credentials("nobody", "some password")))
			.isInstanceOf(UserExceptions.BadCredentials.class);
		assertThat(encoder.checks).hasValue(1);
	}

	@Test
	void shouldAnswerAWrongPasswordWithTheSameFailure() {
		CountingEncoder encoder = new CountingEncoder();
		User alice = new User("alice", encoder.encode("the right password"), Clock.systemUTC().instant());
		UserRepository repository = mock(UserRepository.class);
		when(repository.findByUsernameKey("alice")).thenReturn(Optional.of(alice));
		UserService service = new UserService(repository, encoder, mock(AccountDeletionOutbox.class), Clock.systemUTC(),
				new AuthProperties(null, null, null, null, null));

		assertThatThrownBy(() -> service.authenticate(new Credentials("alice", "a wrong password")))
			.isInstanceOf(UserExceptions.BadCredentials.class)
			.hasMessage(UserExceptions.BadCredentials.create().getMessage());
		assertThat(encoder.checks).hasValue(1);
	}

	@Test
	void shouldHashThePasswordButLookNothingUpWhenTheNameCannotBeAnAccount() {
		UserRepository repository = mock(UserRepository.class);
		CountingEncoder encoder = new CountingEncoder();
		UserService service = new UserService(repository, encoder, mock(AccountDeletionOutbox.class), Clock.systemUTC(),
				new AuthProperties(null, null, null, null, null));

		for (String name : new String[] { "", "ka\u202Ete", "ka\u200Bte", "x".repeat(10_000) }) {
			assertThatThrownBy(() -> service.authenticate(new Credentials(name, "some password")))
				.isInstanceOf(UserExceptions.BadCredentials.class);
		}
		assertThat(encoder.checks).hasValue(4);
		verify(repository, never()).findByUsernameKey(anyString());
	}

	@Test
	void shouldRefuseToStartWithAnAdministratorNameThatBreaksTheRule() {
		assertThatThrownBy(() -> new UserService(mock(UserRepository.class), new CountingEncoder(),
				mock(AccountDeletionOutbox.class), Clock.systemUTC(),
				new AuthProperties("root\u202Eadmin", null, null, null, null)))
			.hasMessageContaining("AUTH_ADMIN_USERNAME")
			.hasMessageContaining("U+202E");
	}

}
