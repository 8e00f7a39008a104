package dev.mediaplatform.auth.token;

import dev.mediaplatform.auth.ratelimit.AttemptLimiter;
import dev.mediaplatform.auth.user.Credentials;
import dev.mediaplatform.auth.user.Registration;
import dev.mediaplatform.auth.user.UserService;
import dev.mediaplatform.auth.user.Usernames;

import org.springframework.stereotype.Service;

/**
 * Registration and login: the brute-force brakes, the account, then a fresh token pair.
 */
@Service
public class AccountService {

	private final AttemptLimiter limiter;

	private final UserService users;

	private final TokenService tokens;

	AccountService(AttemptLimiter limiter, UserService users, TokenService tokens) {
		this.limiter = limiter;
		this.users = users;
		this.tokens = tokens;
	}

	public TokenPair register(Registration registration, String clientAddress) {
		this.limiter.register(clientAddress);
		return this.tokens.issue(this.users.register(registration));
	}

	/**
	 * Every attempt counts against the client address; against the name only when it is
	 * one an account could have, so that junk names do not fill the limiter's memory.
	 */
	public TokenPair login(Credentials credentials, String clientAddress) {
		this.limiter.login(Usernames.key(credentials.username()).orElse(null), clientAddress);
		return this.tokens.issue(this.users.authenticate(credentials));
	}

}
