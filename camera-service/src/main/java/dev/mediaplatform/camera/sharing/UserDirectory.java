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

	public User findByName(String username, String callerToken) {
		try {
			User user = this.client.get()
				.uri((uri) -> uri.path("/api/v1/users/lookup").queryParam("username", username).build())
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
			throw DirectoryUnavailable.because("the account service answered " + ex.getStatusCode().value());
		}
		catch (RestClientException | IllegalStateException ex) {
			throw DirectoryUnavailable.because("the account service cannot be reached");
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
