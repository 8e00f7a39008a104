package dev.mediaplatform.gateway.security;

import dev.mediaplatform.sessions.EndedSessions;
import dev.mediaplatform.sessions.SessionEnded;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * What auth-service revokes, heard by every gateway replica: each reads in a consumer
 * group of its own. Ended sessions are read from the topic's start (it keeps them a
 * little longer than an access token lives), so that a gateway that starts refuses every
 * token of a session that ended before; account deletions from its end, since a gateway
 * that starts asks auth-service about each account anyway ({@link AccountCheck}). A
 * record that is no such message is logged and skipped: it must not hold up the ones
 * behind it.
 */
@Component
class RevocationListener {

	private static final Logger log = LoggerFactory.getLogger(RevocationListener.class);

	private final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final EndedSessions sessions;

	private final AccountCheck accounts;

	RevocationListener(EndedSessions sessions, AccountCheck accounts) {
		this.sessions = sessions;
		this.accounts = accounts;
	}

	/** The value on {@code account.deletions} (auth-service's AccountDeleted). */
	record AccountDeleted(String userId) {
	}

	@KafkaListener(topics = SessionEnded.TOPIC, groupId = "api-gateway-sessions-#{T(java.util.UUID).randomUUID()}",
			properties = "auto.offset.reset=earliest")
	void onSessionEnded(ConsumerRecord<String, String> record) {
		SessionEnded.fromJson(record.value())
			.ifPresentOrElse(this.sessions::ended, () -> skip(record, "no session id and end"));
	}

	@KafkaListener(topics = "${gateway.revocations.account-deletions-topic}",
			groupId = "api-gateway-accounts-#{T(java.util.UUID).randomUUID()}", properties = "auto.offset.reset=latest")
	void onAccountDeleted(ConsumerRecord<String, String> record) {
		AccountDeleted deleted = read(record, AccountDeleted.class);
		if (deleted == null || deleted.userId() == null) {
			skip(record, "no user id");
			return;
		}
		this.accounts.accountDeleted(deleted.userId());
	}

	private <T> T read(ConsumerRecord<String, String> record, Class<T> type) {
		if (record.value() == null) {
			return null;
		}
		try {
			return this.json.readValue(record.value(), type);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static void skip(ConsumerRecord<String, String> record, String why) {
		log.warn("Skipped record {} of {}-{}: it has {}", record.offset(), record.topic(), record.partition(), why);
	}

}
