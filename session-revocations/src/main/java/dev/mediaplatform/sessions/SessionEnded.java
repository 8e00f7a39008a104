package dev.mediaplatform.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.config.TopicBuilder;

/**
 * A session ended (logged out, or a refresh token presented twice): the access tokens
 * issued in it, whose {@link #CLAIM} names {@code sessionId}, are void, and are refused
 * by every gateway and camera-service replica until {@code until}, when the last of them
 * expires anyway. auth-service announces it on {@link #TOPIC}, keyed by the session id.
 *
 * @param sessionId the session (auth-service's refresh-token family) that ended
 * @param userId the account the session belonged to
 * @param until when the last access token of the session expires
 */
public record SessionEnded(String sessionId, String userId, Instant until) {

	/** The access-token claim naming the session the token was issued in. */
	public static final String CLAIM = "sid";

	/** The topic auth-service announces ended sessions on. */
	public static final String TOPIC = "auth.sessions";

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/**
	 * The topic as auth-service creates it: one partition (a reader reads it all from the
	 * start) kept an hour longer than an access token lives, so that a reader that starts
	 * learns of every session whose tokens still work.
	 */
	public static NewTopic topic(Duration accessTokenTtl) {
		return TopicBuilder.name(TOPIC)
			.partitions(1)
			.config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(accessTokenTtl.plusHours(1).toMillis()))
			.build();
	}

	/** The message's JSON. */
	public String toJson() {
		return JSON.writeValueAsString(this);
	}

	/** The message a record's value holds, or empty when it holds none. */
	public static Optional<SessionEnded> fromJson(String value) {
		if (value == null) {
			return Optional.empty();
		}
		try {
			SessionEnded ended = JSON.readValue(value, SessionEnded.class);
			return (ended != null && ended.sessionId() != null && !ended.sessionId().isBlank() && ended.until() != null)
					? Optional.of(ended) : Optional.empty();
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

}
