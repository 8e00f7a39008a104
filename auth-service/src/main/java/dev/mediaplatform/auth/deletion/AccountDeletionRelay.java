package dev.mediaplatform.auth.deletion;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.mediaplatform.auth.config.AuthProperties;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.TriggerContext;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Publishes the outbox's account deletions to {@code account.deletions}, keyed by user
 * id, and removes each row once the broker has acknowledged it. A pass runs right after a
 * deleting transaction commits (on a thread of its own: the request does not wait for
 * Kafka) and every {@code relayInterval} for what is left; while Kafka does not answer,
 * the periodic pass waits twice as long each time, up to {@code relayMaxInterval}, and
 * says once that Kafka went away and once that it is back ({@link KafkaOutage}; the Kafka
 * client's own loggers, which log every attempt, are quietened in
 * {@code application.yml}). Replicas claim rows before publishing them (see
 * {@link AccountDeletionRepository#claim}). Publishing is at least once: camera-service
 * forgets an account idempotently.
 */
@Component
class AccountDeletionRelay implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(AccountDeletionRelay.class);

	/** While Kafka stays unreachable, the pending deletions are logged this often. */
	private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

	private final AccountDeletionRepository outbox;

	private final KafkaTemplate<String, String> kafka;

	private final KafkaAdmin admin;

	private final NewTopic topic;

	private final JsonMapper json;

	private final KafkaOutage kafkaOutage;

	private final ExecutorService afterCommit = Executors
		.newSingleThreadExecutor(new CustomizableThreadFactory("account-deletion-relay-"));

	/** A pass is queued and has not started: later commits need no other. */
	private final AtomicBoolean queued = new AtomicBoolean();

	// Set once: the topic exists with its settings.
	private volatile boolean topicReady;

	// Guarded by this: when the pending deletions were last logged as a warning, null
	// while publishing works.
	private Instant warnedAt;

	AccountDeletionRelay(AccountDeletionRepository outbox, KafkaTemplate<String, String> kafka, KafkaAdmin admin,
			NewTopic accountDeletionsTopic, JsonMapper json, AuthProperties properties) {
		this.outbox = outbox;
		this.kafka = kafka;
		this.admin = admin;
		this.topic = accountDeletionsTopic;
		this.json = json;
		this.kafkaOutage = new KafkaOutage(admin, properties.accountDeletions().relayInterval(),
				properties.accountDeletions().relayMaxInterval());
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addTriggerTask(this::relayPeriodically, this::nextPass);
	}

	Instant nextPass(TriggerContext context) {
		Instant last = context.lastCompletion();
		return ((last != null) ? last : context.getClock().instant()).plus(this.kafkaOutage.nextWait());
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
	void onRecorded(AccountDeletionOutbox.Recorded recorded) {
		if (this.queued.compareAndSet(false, true)) {
			this.afterCommit.execute(() -> {
				this.queued.set(false);
				try {
					relay();
				}
				catch (RuntimeException ex) {
					// The database failed us (Kafka failures are handled in the pass):
					// the row is committed, the periodic pass takes it.
					log.warn("Could not publish account deletions after a commit ({}); the next pass retries",
							NestedExceptionUtils.getMostSpecificCause(ex).toString());
				}
			});
		}
	}

	void relayPeriodically() {
		if (!this.topicReady && this.outbox.count() == 0) {
			// As soon as the broker answers, not only at the first deletion:
			// camera-service subscribes from its start and logs that the topic is
			// missing until it exists. Outside the pass's lock: an unreachable broker
			// holds this thread up to the admin timeout, not a deletion's own pass.
			try {
				makeTopic();
			}
			catch (RuntimeException ex) {
				this.kafkaOutage.unreachable(ex);
				return;
			}
		}
		relay();
	}

	/**
	 * One pass: publishes what no other replica holds, oldest first, until the outbox is
	 * empty or Kafka fails. Returns how many deletions were published.
	 */
	synchronized int relay() {
		if (this.outbox.count() == 0) {
			// Another replica may have published what this one warned about.
			this.warnedAt = null;
			return 0;
		}
		try {
			// Before the first publish, so that the broker does not create the topic with
			// its defaults.
			makeTopic();
		}
		catch (RuntimeException ex) {
			this.kafkaOutage.unreachable(ex);
			unpublished(ex);
			return 0;
		}
		int published = 0;
		String claim = UUID.randomUUID().toString();
		while (this.outbox.claim(claim) > 0) {
			for (AccountDeletion deletion : this.outbox.findClaimed(claim)) {
				try {
					publish(deletion);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					this.outbox.release(claim);
					return published;
				}
				catch (ExecutionException | TimeoutException | RuntimeException ex) {
					// Kafka did not take it: the rest waits for the next pass, the
					// broker is not asked again in a loop.
					this.outbox.release(claim);
					this.kafkaOutage.unreachable(ex);
					unpublished(ex);
					return published;
				}
				published += this.outbox.deletePublished(deletion.getId(), claim);
			}
			claim = UUID.randomUUID().toString();
		}
		if (this.warnedAt != null) {
			log.info("Kafka is reachable again: published {} pending account deletion(s) to {}", published,
					this.topic.name());
			this.warnedAt = null;
		}
		return published;
	}

	/** Creates the topic with its settings, or applies them, unless done already. */
	private void makeTopic() {
		if (!this.topicReady) {
			this.admin.createOrModifyTopics(this.topic);
			this.topicReady = true;
			this.kafkaOutage.reachable();
		}
	}

	/** Returns once the broker acknowledged the event (acks=all, idempotent producer). */
	private void publish(AccountDeletion deletion) throws InterruptedException, ExecutionException, TimeoutException {
		String value = this.json.writeValueAsString(
				new AccountDeleted(deletion.getUserId(), deletion.getUsername(), deletion.getDeletedAt()));
		this.kafka.send(this.topic.name(), deletion.getUserId(), value).get(30, TimeUnit.SECONDS);
		this.kafkaOutage.reachable();
		log.debug("Published the deletion of user {}", deletion.getUserId());
	}

	private void unpublished(Exception ex) {
		Instant now = Instant.now();
		boolean warn = this.warnedAt == null || this.warnedAt.plus(WARNING_INTERVAL).isBefore(now);
		if (!warn && !log.isDebugEnabled()) {
			return;
		}
		long pending = this.outbox.count();
		String oldest = this.outbox.findFirstByOrderByDeletedAtAsc()
			.map((deletion) -> "user " + deletion.getUserId() + ", deleted at " + deletion.getDeletedAt())
			.orElse("none");
		String message = "{} account deletion(s) are not published to {} yet (the oldest: {}): Kafka at {} did not "
				+ "acknowledge ({}). camera-service keeps those accounts' cameras and shares until they are. Check "
				+ "that Kafka runs and that KAFKA_BOOTSTRAP_SERVERS names it; next try in {}s.";
		Object[] arguments = { pending, this.topic.name(), oldest, this.kafkaOutage.bootstrapServers(),
				KafkaOutage.cause(ex), this.kafkaOutage.nextWait().toSeconds() };
		if (warn) {
			log.warn(message, arguments);
			this.warnedAt = now;
		}
		else {
			log.debug(message, arguments);
		}
	}

	@PreDestroy
	void stop() {
		this.afterCommit.shutdownNow();
	}

}
