package dev.mediaplatform.gateway.security;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Refuses valid tokens whose account was deleted since they were issued. The token
 * service is asked (with the token itself) at most once per account per TTL; a deletion
 * that passes through this gateway takes effect at once. When the token service cannot
 * answer, the signature check stands alone: cameras stay reachable.
 */
final class AccountCheck {

	private static final Logger log = LoggerFactory.getLogger(AccountCheck.class);

	private final WebClient client;

	private final String accountsUri;

	private final AsyncCache<String, Boolean> existing;

	private final Cache<String, Boolean> deleted;

	AccountCheck(WebClient client, String accountsUri, AsyncCache<String, Boolean> existing,
			Cache<String, Boolean> deleted) {
		this.client = client;
		this.accountsUri = accountsUri;
		this.existing = existing;
		this.deleted = deleted;
	}

	Mono<Jwt> requireExisting(Jwt jwt, String token) {
		String subject = jwt.getSubject();
		if (subject == null || this.deleted.getIfPresent(subject) != null) {
			return Mono.error(new BadJwtException("the account of this token was deleted"));
		}
		return Mono.fromFuture(this.existing.get(subject, (key, executor) -> ask(token).toFuture()))
			.flatMap((exists) -> {
				if (exists) {
					return Mono.just(jwt);
				}
				this.existing.synchronous().invalidate(subject);
				accountDeleted(subject);
				return Mono.error(new BadJwtException("the account of this token was deleted"));
			});
	}

	/** Called when a deletion passed through this gateway. */
	void accountDeleted(String subject) {
		this.deleted.put(subject, Boolean.TRUE);
		this.existing.synchronous().invalidate(subject);
	}

	private Mono<Boolean> ask(String token) {
		return this.client.get()
			.uri(this.accountsUri)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.retrieve()
			.toBodilessEntity()
			.map((response) -> true)
			.onErrorResume(WebClientResponseException.class, (ex) -> {
				if (ex.getStatusCode() != HttpStatus.UNAUTHORIZED) {
					return unavailable(ex);
				}
				String challenge = String.valueOf(ex.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE));
				// Only an explicit "account deleted" marks the account; any other refusal
				// fails this request only.
				return challenge.contains("account deleted") ? Mono.just(false)
						: Mono.error(new BadJwtException("the token service refused the token"));
			})
			.onErrorResume((ex) -> !(ex instanceof WebClientResponseException), this::unavailable);
	}

	private Mono<Boolean> unavailable(Throwable ex) {
		log.warn("Could not ask the token service whether an account exists ({}); trusting the signature",
				ex.toString());
		return Mono.just(true);
	}

}
