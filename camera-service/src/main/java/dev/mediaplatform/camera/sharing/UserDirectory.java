package dev.mediaplatform.camera.sharing;

import dev.mediaplatform.camera.config.CameraProperties;

import org.springframework.cloud.client.loadbalancer.LoadBalancerInterceptor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Finds users by name in the token service, through the registry, with the caller's own
 * token: a camera is shared with an account, never with a name typed once.
 */
@Component
public class UserDirectory {

	private final RestClient client;

	UserDirectory(LoadBalancerInterceptor loadBalancer, CameraProperties properties) {
		this.client = RestClient.builder()
			.requestInterceptor(loadBalancer)
			.baseUrl(properties.authServiceUri())
			.build();
	}

	public record User(String id, String username) {
	}

	/**
	 * No account name is longer (auth-service's rule): a longer one is refused here, not
	 * sent.
	 */
	static final int LONGEST_NAME = 32;

	/**
	 * The account of this name.
	 * @throws InvalidUsername when no account could have this name (400)
	 * @throws UnknownUser when none has (404)
	 * @throws DirectoryUnavailable when the account service cannot say (503)
	 */
	public User findByName(String username, String callerToken) {
		if (username.length() > LONGEST_NAME) {
			throw new InvalidUsername("is longer than any user name (at most " + LONGEST_NAME + " characters)");
		}
		if (username.codePoints()
			.anyMatch((c) -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
			throw new InvalidUsername("must not contain control or invisible characters");
		}
		try {
			// The name is a template variable: expanded and encoded as a query value,
			// never
			// read as part of the template.
			User user = this.client.get()
				.uri((uri) -> uri.path("/api/v1/users/lookup").queryParam("username", "{username}").build(username))
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + callerToken)
				.retrieve()
				.body(User.class);
			if (user == null || user.id() == null) {
				throw UnknownUser.named(username);
			}
			return user;
		}
		catch (RestClientResponseException ex) {
			if (ex.getStatusCode().isSameCodeAs(HttpStatusCode.valueOf(404))) {
				throw UnknownUser.named(username);
			}
			if (ex.getStatusCode().isSameCodeAs(HttpStatusCode.valueOf(400))) {
				throw new InvalidUsername("is not a valid user name");
			}
			throw DirectoryUnavailable.because("the account service answered " + ex.getStatusCode().value());
		}
		catch (RestClientException | IllegalStateException ex) {
			throw DirectoryUnavailable.because("the account service cannot be reached");
		}
	}

	/** 400: no account could have this name; the message completes "username ...". */
	public static final class InvalidUsername extends RuntimeException {

		private InvalidUsername(String message) {
			super(message);
		}

	}

	/** 404: no account has this name. */
	public static final class UnknownUser extends RuntimeException {

		private UnknownUser(String username) {
			super("there is no user named '" + username + "'");
		}

		static UnknownUser named(String username) {
			return new UnknownUser(username);
		}

	}

	/** 503: the account service is down or erring; sharing can be tried again later. */
	public static final class DirectoryUnavailable extends RuntimeException {

		private DirectoryUnavailable(String reason) {
			super(reason + "; try sharing again in a moment");
		}

		static DirectoryUnavailable because(String reason) {
			return new DirectoryUnavailable(reason);
		}

	}

}
