package dev.mediaplatform.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.mediaplatform.sessions.EndedSessions;
import dev.mediaplatform.sessions.SessionEnded;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ended sessions refuse their tokens, and what the revocation listener reads from Kafka
 * reaches the checks; what it cannot read is skipped.
 */
class RevocationTests {

	static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

	final EndedSessions sessions = new EndedSessions(Clock.fixed(NOW, ZoneOffset.UTC), 100);

	final AccountCheck accounts = new AccountCheck(WebClient.create("http://127.0.0.1:1"), "http://127.0.0.1:1/me",
			com.github.benmanes.caffeine.cache.Caffeine.newBuilder().buildAsync(),
			com.github.benmanes.caffeine.cache.Caffeine.newBuilder().build());

	final RevocationListener listener = new RevocationListener(this.sessions, this.accounts);

	@Test
	void shouldRefuseTheTokensOfAnEndedSessionOnly() {
		this.listener.onSessionEnded(record("auth.sessions", "s-1",
				"{\"sessionId\":\"s-1\",\"userId\":\"u-1\",\"until\":\"2026-12-07T12:15:00Z\",\"extra\":1}"));

		assertThat(this.sessions.validate(token("s-1")).hasErrors()).isTrue();
		assertThat(this.sessions.validate(token("s-1")).getErrors())
			.allSatisfy((error) -> assertThat(error.getDescription()).contains("logged out"));
		assertThat(this.sessions.validate(token("s-2")).hasErrors()).as("another session").isFalse();
		assertThat(this.sessions.validate(token(null)).hasErrors()).as("a token without a session").isFalse();
	}

	@Test
	void shouldNotKeepASessionWhoseTokensHaveExpired() {
		this.listener.onSessionEnded(record("auth.sessions", "s-old",
				"{\"sessionId\":\"s-old\",\"userId\":\"u-1\",\"until\":\"" + NOW.minus(Duration.ofMinutes(1)) + "\"}"));

		assertThat(this.sessions.validate(token("s-old")).hasErrors()).isFalse();
	}

	@Test
	void shouldSkipWhatIsNoEndedSession() {
		for (String value : new String[] { null, "", "not json", "[]", "{\"sessionId\":\"s-3\"}",
				"{\"sessionId\":1,\"until\":\"soon\"}" }) {
			this.listener.onSessionEnded(record("auth.sessions", "s-3", value));
		}
		assertThat(this.sessions.validate(token("s-3")).hasErrors()).isFalse();
	}

	@Test
	void shouldRefuseADeletedAccountAnnouncedByAnotherGateway() {
		this.listener.onAccountDeleted(record("account.deletions", "u-9",
				"{\"userId\":\"u-9\",\"username\":\"gone\",\"deletedAt\":\"2026-12-07T11:59:00Z\"}"));
		this.listener.onAccountDeleted(record("account.deletions", "u-8", "{}"));

		Jwt jwt = withSubject(token("s-9"), "u-9");
		assertThatThrownBy(() -> this.accounts.requireExisting(jwt, "t").block())
			.as("refused without asking auth-service")
			.isInstanceOf(BadJwtException.class)
			.hasMessageContaining("deleted");
	}

	static ConsumerRecord<String, String> record(String topic, String key, String value) {
		return new ConsumerRecord<>(topic, 0, 7, key, value);
	}

	static Jwt token(String session) {
		Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256").subject("u-1");
		if (session != null) {
			builder.claim(SessionEnded.CLAIM, session);
		}
		return builder.build();
	}

	static Jwt withSubject(Jwt jwt, String subject) {
		return Jwt.withTokenValue("t").headers((h) -> h.putAll(jwt.getHeaders())).claims((c) -> {
			c.putAll(jwt.getClaims());
			c.put("sub", subject);
		}).build();
	}

}
