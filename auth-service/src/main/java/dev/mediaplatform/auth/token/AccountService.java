package dev.mediaplatform.auth.token;

import dev.mediaplatform.auth.ratelimit.AttemptLimiter;
import dev.mediaplatform.auth.user.Credentials;
import dev.mediaplatform.auth.user.UserService;

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

	public TokenPair register(Credentials credentials, String clientAddress) {
		this.limiter.register(clientAddress);
		return this.tokens.issue(this.users.register(credentials));
	}

	public TokenPair login(Credentials credentials, String clientAddress) {
		this.limiter.login(credentials.username(), clientAddress);
		return this.tokens.issue(this.users.authenticate(credentials));
	}

}
