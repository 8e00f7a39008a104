package dev.mediaplatform.localstack;

import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortGuardTests {

	@Test
	void shouldNameThePortAndTheVariableWhenThePortIsTaken() throws Exception {
		try (ServerSocket taken = new ServerSocket()) {
			taken.bind(new InetSocketAddress("127.0.0.1", 0));
			int port = taken.getLocalPort();

			assertThatThrownBy(() -> PortGuard.requireFree("gateway", port, "GATEWAY_PORT"))
				.isInstanceOf(StackException.class)
				.hasMessageStartingWith("port " + port + " (gateway) is already in use")
				.hasMessageContaining("set GATEWAY_PORT to another port")
				.hasMessageNotContaining("\n");
		}
	}

	@Test
	void shouldAcceptAFreePort() {
		int port = PortGuard.freePort();
		assertThatCode(() -> PortGuard.requireFree("gateway", port, "GATEWAY_PORT")).doesNotThrowAnyException();
	}

}
