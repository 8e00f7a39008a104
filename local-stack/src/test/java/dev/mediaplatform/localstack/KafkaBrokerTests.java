package dev.mediaplatform.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real KRaft broker of the local platform, formatted once and reused by the next
 * start.
 */
class KafkaBrokerTests {

	@TempDir
	Path data;

	@Test
	void shouldKeepTopicsAcrossARestart() throws Exception {
		int port = PortGuard.freePort();
		int controller = PortGuard.freePort();
		try (KafkaBroker broker = startReady(port, controller); Admin admin = admin(broker)) {
			admin.createTopics(List.of(new NewTopic("kept-topic", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		try (KafkaBroker broker = startReady(port, controller); Admin admin = admin(broker)) {
			Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
			assertThat(topics).contains("kept-topic");
		}
	}

	private KafkaBroker startReady(int port, int controller) throws InterruptedException {
		KafkaBroker broker = KafkaBroker.start(this.data.resolve("kafka"), port, controller, this.data.resolve("logs"));
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (!broker.isReady()) {
			assertThat(broker.process().isAlive()).as("Kafka exited: %s", broker.process().tail(20)).isTrue();
			assertThat(System.nanoTime()).as("Kafka not ready in time").isLessThan(deadline);
			Thread.sleep(500);
		}
		return broker;
	}

	private static Admin admin(KafkaBroker broker) {
		Properties props = new Properties();
		props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		return Admin.create(props);
	}

}
