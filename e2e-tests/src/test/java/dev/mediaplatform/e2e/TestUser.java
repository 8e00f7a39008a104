package dev.mediaplatform.e2e;

import java.util.UUID;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;

import static dev.mediaplatform.localstack.ApiClient.bearer;
import static dev.mediaplatform.localstack.ApiClient.credentials;
import static org.assertj.core.api.Assertions.assertThat;

/** A user registered through the gateway with the original API, and its token. */
record TestUser(String name, String token) {

	/** Registers a new user whose name starts with {@code prefix}. */
	static TestUser register(ApiClient gateway, String prefix) {
		String name = prefix + UUID.randomUUID().toString().substring(0, 8);
		Response registered = gateway.post("/register", credentials(name, "a long enough password"));
		assertThat(registered.status()).as(registered.body()).isEqualTo(200);
		return new TestUser(name, registered.json().path("token").asString());
	}

	String[] auth() {
		return bearer(this.token);
	}

}
