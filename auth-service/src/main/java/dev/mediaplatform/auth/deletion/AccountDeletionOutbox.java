package dev.mediaplatform.auth.deletion;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Records a deleted account for other services, in the transaction that deletes it: both
 * are committed or neither. {@link AccountDeletionRelay} publishes the record once the
 * transaction has committed.
 */
@Component
public class AccountDeletionOutbox {

	/** Published in the deleting transaction, so that the relay runs after its commit. */
	record Recorded(String userId) {
	}

	private final AccountDeletionRepository outbox;

	private final ApplicationEventPublisher events;

	AccountDeletionOutbox(AccountDeletionRepository outbox, ApplicationEventPublisher events) {
		this.outbox = outbox;
		this.events = events;
	}

	/** Must be called inside the transaction that deletes the account. */
	public void record(String userId, String username, Instant deletedAt) {
		Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
				"an account deletion is recorded in the transaction that deletes the account");
		// Stored with microseconds, so that the event carries exactly what the row holds.
		this.outbox.save(new AccountDeletion(userId, username, deletedAt.truncatedTo(ChronoUnit.MICROS)));
		this.events.publishEvent(new Recorded(userId));
	}

}
