package dev.mediaplatform.auth.user;

/** What can go wrong with accounts; the advice turns each into its problem detail. */
public final class UserExceptions {

	private UserExceptions() {
	}

	/** 409: the name is taken, whatever its case. */
	public static final class UsernameTaken extends RuntimeException {

		private UsernameTaken(String username) {
			super("the username '" + username + "' is taken");
		}

		public static UsernameTaken forName(String username) {
			return new UsernameTaken(username);
		}

	}

	/** 401: unknown user or wrong password; deliberately the same message for both. */
	public static final class BadCredentials extends RuntimeException {

		private BadCredentials() {
			super("unknown username or wrong password");
		}

		public static BadCredentials create() {
			return new BadCredentials();
		}

	}

	/** 404. */
	public static final class UserNotFound extends RuntimeException {

		private UserNotFound(String id) {
			super("no user " + id);
		}

		public static UserNotFound forId(String id) {
			return new UserNotFound(id);
		}

		public static UserNotFound forName(String username) {
			return new UserNotFound("named '" + username + "'");
		}

	}

	/** 401: a valid token of an account that has since been deleted. */
	public static final class AccountGone extends RuntimeException {

		private AccountGone() {
			super("the account of this token was deleted");
		}

		public static AccountGone create() {
			return new AccountGone();
		}

	}

}
