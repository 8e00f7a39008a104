package dev.mediaplatform.auth.deletion;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.mediaplatform.auth.SharedMariaDb;
import dev.mediaplatform.localstack.PortGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While Kafka does not answer, auth-service says so once, naming the cause and the fix,
 * and then stays quiet: Kafka 4's admin client used to log "Rebootstrapping" about 300
 * times a second (74,000 lines of one build's log). When the broker comes, one line says
 * it is back. The relay's passes run every second here, backing off to at most 4 s.
 */
@EmbeddedKafka(partitions = 1)
@SpringBootTest(
		properties = { "auth.account-deletions.relay-interval=1s", "auth.account-deletions.relay-max-interval=4s",
				"spring.kafka.admin.operation-timeout=2s", "spring.kafka.admin.properties.default.api.timeout.ms=3000",
				"spring.kafka.admin.properties.request.timeout.ms=2000" })
@ContextConfiguration(initializers = SharedMariaDb.class)
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class KafkaOutageLoggingTests {

	/** Where auth-service expects Kafka; nothing listens there until the test says so. */
	static final int kafkaPort = PortGuard.freePort();

	static final Duration OUTAGE = Duration.ofSeconds(15);

	@Autowired
	EmbeddedKafkaBroker broker;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + kafkaPort);
	}

	@Test
	void shouldSayOnceThatKafkaIsGoneAndOnceThatItIsBack(CapturedOutput output) throws Exception {
		int before = output.getAll().length();
		Thread.sleep(OUTAGE.toMillis());
		List<String> outage = lines(output.getAll().substring(before));

		assertThat(outage.stream().filter((line) -> line.contains("Rebootstrapping"))).isEmpty();
		// One line of the relay, a few of the Kafka client's (one per reconnect at most
		// every 10 s), and the embedded broker's own housekeeping.
		assertThat(outage).as("lines logged in %s while Kafka did not answer", OUTAGE).hasSizeLessThan(40);
		assertThat(outage.stream().filter((line) -> line.contains("does not answer"))).singleElement()
			.satisfies(
					(line) -> assertThat(line).contains("Kafka at 127.0.0.1:" + kafkaPort, "KAFKA_BOOTSTRAP_SERVERS"));

		try (TcpForwarder kafka = TcpForwarder.open(kafkaPort, this.broker.getBrokersAsString())) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(output.getAll().substring(before))
					.contains("Kafka at 127.0.0.1:" + kafkaPort + " answers again"));
		}
	}

	private static List<String> lines(String text) {
		return Arrays.stream(text.split("\\R")).filter((line) -> !line.isBlank()).toList();
	}

}
