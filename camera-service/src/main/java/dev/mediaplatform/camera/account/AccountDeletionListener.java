package dev.mediaplatform.camera.account;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Forgets accounts that auth-service deleted, from its {@code account.deletions} topic:
 * their cameras go (as if their owner deleted them) and their shares on other cameras
 * end. The replicas share one consumer group, and a new group starts from the oldest
 * retained deletion: forgetting is idempotent. What cannot be read goes to the
 * dead-letter topic through the shared error handler.
 */
@Component
class AccountDeletionListener {

	/** What auth-service announces; other fields are ignored. */
	record AccountDeleted(String userId) {
	}

	private final AccountCleanup cleanup;

	private final JsonMapper json;

	AccountDeletionListener(AccountCleanup cleanup, JsonMapper json) {
		this.cleanup = cleanup;
		this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	@KafkaListener(topics = "account.deletions", groupId = "camera-service-accounts",
			properties = "auto.offset.reset=earliest")
	void onAccountDeleted(String value) {
		AccountDeleted deleted = this.json.readValue(value, AccountDeleted.class);
		if (deleted.userId() == null || deleted.userId().isBlank()) {
			throw new IllegalArgumentException("an account deletion without userId: " + value);
		}
		this.cleanup.forget(deleted.userId());
	}

}
