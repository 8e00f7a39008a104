package dev.mediaplatform.auth.deletion;

import java.time.Duration;

import dev.mediaplatform.auth.config.AuthProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
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
			JsonMapper.builder().build(),
			new AuthProperties(null, null, null, null, new AuthProperties.AccountDeletions(Duration.ofSeconds(5))));

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

}
