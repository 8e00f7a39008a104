package dev.mediaplatform.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message's JSON both ways, what is no message, and the tokens an ended session's
 * deny-list refuses.
 */
class EndedSessionsTests {

	static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

	final EndedSessions sessions = new EndedSessions(Clock.fixed(NOW, ZoneOffset.UTC), 100);

	@Test
	void shouldReadWhatItWrites() {
		SessionEnded ended = new SessionEnded("s-1", "u-1", NOW.plus(Duration.ofMinutes(15)));

		assertThat(ended.toJson()).contains("\"sessionId\":\"s-1\"", "\"until\":\"2026-12-07T12:15:00Z\"");
		assertThat(SessionEnded.fromJson(ended.toJson())).contains(ended);
		assertThat(SessionEnded.fromJson("{\"sessionId\":\"s-1\",\"until\":\"2026-12-07T12:15:00Z\",\"more\":[]}"))
			.as("fields added later are ignored")
			.isPresent();
	}

	@Test
	void shouldFindNoMessageInAnythingElse() {
		for (String value : new String[] { null, "", "x", "[]", "null", "{}", "{\"sessionId\":\"s-1\"}",
				"{\"sessionId\":\" \",\"until\":\"2026-12-07T12:15:00Z\"}",
				"{\"sessionId\":\"s-1\",\"until\":\"soon\"}" }) {
			assertThat(SessionEnded.fromJson(value)).as(String.valueOf(value)).isEmpty();
		}
	}

	@Test
	void shouldRefuseTheTokensOfAnEndedSessionOnly() {
		this.sessions.ended(new SessionEnded("s-1", "u-1", NOW.plus(Duration.ofMinutes(15))));

		assertThat(this.sessions.validate(token("s-1")).getErrors()).singleElement()
			.satisfies((error) -> assertThat(error.getDescription()).contains("logged out"));
		assertThat(this.sessions.validate(token("s-2")).hasErrors()).as("another session").isFalse();
		assertThat(this.sessions.validate(token(null)).hasErrors()).as("a token of no session").isFalse();
	}

	@Test
	void shouldNotKeepASessionWhoseTokensExpired() {
		this.sessions.ended(new SessionEnded("s-old", "u-1", NOW.minusSeconds(1)));

		assertThat(this.sessions.isEnded("s-old")).isFalse();
	}

	@Test
	void shouldDeclareTheTopicLongerThanAnAccessTokenLives() {
		assertThat(SessionEnded.topic(Duration.ofMinutes(15)).configs()).containsEntry("retention.ms",
				Long.toString(Duration.ofMinutes(75).toMillis()));
		assertThat(SessionEnded.topic(Duration.ofMinutes(15)).numPartitions()).isEqualTo(1);
	}

	static Jwt token(String session) {
		Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256").subject("u-1");
		if (session != null) {
			builder.claim(SessionEnded.CLAIM, session);
		}
		return builder.build();
	}

}
