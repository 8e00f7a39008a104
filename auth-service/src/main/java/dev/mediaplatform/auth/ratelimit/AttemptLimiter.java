package dev.mediaplatform.auth.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mediaplatform.auth.config.AuthProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * Brute-force brakes on login and registration: token buckets per username and per client
 * address, refilled every minute. Buckets live in this instance's memory, so N replicas
 * allow N times the rate; idle buckets are dropped.
 */
@Component
public class AttemptLimiter {

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(100_000)
		.build();

	private final AuthProperties.RateLimit limits;

	AttemptLimiter(AuthProperties properties) {
		this.limits = properties.rateLimit();
	}

	/**
	 * One login attempt.
	 * @param usernameKey the name as accounts are keyed (see
	 * {@code dev.mediaplatform.auth.user.Usernames#key}), or null when it cannot be an
	 * account's
	 * @param clientAddress see {@link #clientAddress}
	 */
	public void login(String usernameKey, String clientAddress) {
		take("login-address:" + clientAddress, this.limits.loginPerAddress());
		if (usernameKey != null) {
			take("login-user:" + usernameKey, this.limits.loginPerUsername());
		}
	}

	public void register(String clientAddress) {
		take("register-address:" + clientAddress, this.limits.registerPerAddress());
	}

	private void take(String key, int perMinute) {
		Bucket bucket = this.buckets.get(key, (k) -> Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
			.build());
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
			throw TooManyAttempts.retryAfter(seconds);
		}
	}

	/**
	 * The address the gateway saw: it appends the peer it accepted to
	 * {@code X-Forwarded-For}, so the last entry is the one a client cannot choose.
	 */
	public static String clientAddress(HttpServletRequest request) {
		String forwarded = request.getHeader("X-Forwarded-For");
		if (forwarded != null && !forwarded.isBlank()) {
			String[] hops = forwarded.split(",");
			return hops[hops.length - 1].trim();
		}
		return request.getRemoteAddr();
	}

}
