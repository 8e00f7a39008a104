package dev.mediaplatform.auth.deletion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mediaplatform.auth.config.AuthProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.support.SimpleTriggerContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willDoNothing;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The topic is made as soon as the broker answers, before any account is deleted:
 * camera-service reads it from its start.
 */
class AccountDeletionTopicCreationTests {

	final AccountDeletionRepository outbox = mock(AccountDeletionRepository.class);

	@SuppressWarnings("unchecked")
	final KafkaTemplate<String, String> kafka = mock(KafkaTemplate.class);

	final KafkaAdmin admin = mock(KafkaAdmin.class);

	final NewTopic topic = new AccountDeletionTopic().accountDeletionsTopic();

	final AccountDeletionRelay relay = new AccountDeletionRelay(this.outbox, this.kafka, this.admin, this.topic,
			JsonMapper.builder().build(), new AuthProperties(null, null, null, null,
					new AuthProperties.AccountDeletions(Duration.ofSeconds(5), Duration.ofMinutes(1))));

	@Test
	void shouldCreateTheTopicWithNothingToPublish() {
		given(this.outbox.count()).willReturn(0L);
		this.relay.relayPeriodically();
		this.relay.relayPeriodically();
		verify(this.admin, times(1)).createOrModifyTopics(this.topic);
		verifyNoInteractions(this.kafka);
	}

	@Test
	void shouldTryAgainAtTheNextPassWhileTheBrokerIsAway() {
		given(this.outbox.count()).willReturn(0L);
		willThrow(new KafkaException("Timed out waiting for a node assignment")).given(this.admin)
			.createOrModifyTopics(any(NewTopic[].class));
		this.relay.relayPeriodically();
		this.relay.relayPeriodically();
		verify(this.admin, times(2)).createOrModifyTopics(this.topic);
	}

	@Test
	void shouldWaitLongerBetweenPassesWhileTheBrokerIsAwayAndNotOnceItIsBack() {
		given(this.outbox.count()).willReturn(0L);
		willThrow(new KafkaException("Timed out waiting for a node assignment")).given(this.admin)
			.createOrModifyTopics(any(NewTopic[].class));
		List<Long> waits = new ArrayList<>();
		for (int pass = 0; pass < 6; pass++) {
			this.relay.relayPeriodically();
			waits.add(secondsToNextPass());
		}
		assertThat(waits).containsExactly(5L, 10L, 20L, 40L, 60L, 60L);

		willDoNothing().given(this.admin).createOrModifyTopics(any(NewTopic[].class));
		this.relay.relayPeriodically();
		assertThat(secondsToNextPass()).isEqualTo(5);
	}

	private long secondsToNextPass() {
		Instant finished = Instant.parse("2026-01-01T00:00:00Z");
		SimpleTriggerContext context = new SimpleTriggerContext(finished, finished, finished);
		return Duration.between(finished, this.relay.nextPass(context)).toSeconds();
	}

}
