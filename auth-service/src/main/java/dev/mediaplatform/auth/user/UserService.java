package dev.mediaplatform.auth.user;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

import dev.mediaplatform.auth.config.AuthProperties;
import dev.mediaplatform.auth.deletion.AccountDeletionOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts: registration, password checks, lookups and deletion. */
@Service
public class UserService {

	private static final Logger log = LoggerFactory.getLogger(UserService.class);

	private final UserRepository users;

	private final PasswordEncoder passwords;

	private final AccountDeletionOutbox deletions;

	private final Clock clock;

	private final String adminKey;

	/**
	 * Checked against when the user is unknown, so that both failures take the same time.
	 */
	private final String dummyHash;

	UserService(UserRepository users, PasswordEncoder passwords, AccountDeletionOutbox deletions, Clock clock,
			AuthProperties properties) {
		this.users = users;
		this.passwords = passwords;
		this.deletions = deletions;
		this.clock = clock;
		this.adminKey = (properties.adminUsername() == null || properties.adminUsername().isBlank()) ? null
				: Usernames.key(properties.adminUsername().trim())
					.orElseThrow(() -> new IllegalStateException("AUTH_ADMIN_USERNAME is not a valid username: it "
							+ Usernames.violation(properties.adminUsername().trim()).orElseThrow()));
		this.dummyHash = passwords.encode("not-a-password-of-anyone");
	}

	/** Registers a validated {@link Registration}; 409 when the name's key is taken. */
	@Transactional
	public User register(Registration registration) {
		String key = Usernames.key(registration.username())
			.orElseThrow(() -> new IllegalArgumentException("registration was not validated"));
		if (this.users.existsByUsernameKey(key)) {
			throw UserExceptions.UsernameTaken.forName(Usernames.canonical(registration.username()));
		}
		User user = new User(registration.username(), this.passwords.encode(registration.password()),
				this.clock.instant());
		if (key.equals(this.adminKey)) {
			user.grant(User.ROLE_ADMIN);
			log.info("Registered {} as administrator (AUTH_ADMIN_USERNAME)", user.getUsername());
		}
		try {
			return this.users.saveAndFlush(user);
		}
		catch (DataIntegrityViolationException ex) {
			// Someone took the name between the check and the insert; the unique index
			// decided.
			throw UserExceptions.UsernameTaken.forName(user.getUsername());
		}
	}

	/**
	 * The user whose name and password these are. Credentials of any shape are checked
	 * the same way and fail the same way: a name that breaks the rule is an unknown user,
	 * a password of any length is hashed and compared.
	 */
	@Transactional(readOnly = true)
	public User authenticate(Credentials credentials) {
		User user = Usernames.key(credentials.username()).flatMap(this.users::findByUsernameKey).orElse(null);
		String hash = (user != null) ? user.getPasswordHash() : this.dummyHash;
		boolean matches = this.passwords.matches(credentials.password(), hash);
		if (user == null || !matches) {
			throw UserExceptions.BadCredentials.create();
		}
		return user;
	}

	@Transactional(readOnly = true)
	public User get(String id) {
		return this.users.findById(Objects.requireNonNull(id)).orElseThrow(() -> UserExceptions.UserNotFound.forId(id));
	}

	@Transactional(readOnly = true)
	public User findByUsername(String username) {
		return Usernames.key(username)
			.flatMap(this.users::findByUsernameKey)
			.orElseThrow(() -> UserExceptions.UserNotFound.forName(username));
	}

	/**
	 * The user a verified token names; 401 when the account was deleted after the token
	 * was issued.
	 */
	@Transactional(readOnly = true)
	public User current(String id) {
		return this.users.findById(id).orElseThrow(UserExceptions.AccountGone::create);
	}

	@Transactional(readOnly = true)
	public List<UserView> list() {
		return this.users.findAll().stream().map(UserView::of).toList();
	}

	@Transactional(readOnly = true)
	public Page<UserView> list(Pageable pageable) {
		return this.users.findAll(pageable).map(UserView::of);
	}

	/**
	 * Deletes the account and, in the same transaction, records the deletion for the
	 * services that hold the account's data (camera-service: its cameras and shares).
	 */
	@Transactional
	public void delete(String id) {
		User user = get(id);
		this.users.delete(user);
		this.deletions.record(user.getId(), user.getUsername(), this.clock.instant());
		log.info("Deleted user {}", user.getId());
	}

	/** Makes the configured administrator one at start, when that user exists already. */
	@EventListener(ApplicationReadyEvent.class)
	@Transactional
	public void promoteConfiguredAdmin() {
		if (this.adminKey == null) {
			return;
		}
		this.users.findByUsernameKey(this.adminKey).ifPresent((user) -> {
			if (user.grant(User.ROLE_ADMIN)) {
				this.users.save(user);
				log.info("Made {} an administrator (AUTH_ADMIN_USERNAME)", user.getUsername());
			}
		});
	}

}
