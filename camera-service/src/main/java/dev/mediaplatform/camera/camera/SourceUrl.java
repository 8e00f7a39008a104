package dev.mediaplatform.camera.camera;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

import dev.mediaplatform.addresses.AddressPolicy;
import dev.mediaplatform.camera.config.CameraProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera's address, its credentials split off: {@code url} never contains them, so it
 * may be stored, logged and shown; the credentials are kept apart, encrypted.
 *
 * @param url the address without user information
 * @param userInfo {@code user:password} as written in the URL (percent-encoded), or
 * {@code null}
 */
public record SourceUrl(String url, String userInfo) {

	private static final Logger log = LoggerFactory.getLogger(SourceUrl.class);

	/**
	 * Parses and checks a URL a user typed; the message of the exception says what is
	 * wrong.
	 */
	public static SourceUrl parse(String raw, CameraProperties.Sources rules) {
		if (raw == null || raw.isBlank()) {
			throw InvalidCameraInput.field("rtspUrl", "is required");
		}
		if (raw.length() > rules.maxLength()) {
			throw InvalidCameraInput.field("rtspUrl", "is longer than " + rules.maxLength() + " characters");
		}
		if (raw.chars().anyMatch((c) -> c <= 0x20 || c == 0x7f)) {
			throw InvalidCameraInput.field("rtspUrl", "must not contain spaces or control characters");
		}
		URI uri;
		try {
			uri = new URI(raw);
		}
		catch (URISyntaxException ex) {
			throw InvalidCameraInput.field("rtspUrl", "is not a valid URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (scheme == null || !rules.schemes().contains(scheme)) {
			throw InvalidCameraInput.field("rtspUrl",
					"must start with " + String.join(":// or ", rules.schemes().stream().sorted().toList()) + "://");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw InvalidCameraInput.field("rtspUrl",
					(uri.getRawAuthority() == null) ? "must name a host" : "does not name a valid host");
		}
		int port = uri.getPort();
		if (port == 0 || port > 65535) {
			throw InvalidCameraInput.field("rtspUrl", "has an invalid port");
		}
		checkAddress(uri.getHost(), AddressPolicy.port(scheme, port), rules.addresses().policy());
		if (uri.getRawFragment() != null) {
			throw InvalidCameraInput.field("rtspUrl", "must not have a #fragment");
		}
		StringBuilder url = new StringBuilder(scheme).append("://")
			.append(uri.getRawAuthority().contains("@")
					? uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1)
					: uri.getRawAuthority());
		if (uri.getRawPath() != null) {
			url.append(uri.getRawPath());
		}
		if (uri.getRawQuery() != null) {
			url.append('?').append(uri.getRawQuery());
		}
		String userInfo = uri.getRawUserInfo();
		return new SourceUrl(url.toString(), (userInfo == null || userInfo.isEmpty()) ? null : userInfo);
	}

	/**
	 * Refuses an IP address and port the policy refuses, the platform's own ports
	 * whatever the host, and numbers that are not written as an IP address. A host name
	 * is not looked up here (camera-service may not even reach the camera's network): the
	 * worker checks what it resolves to when it connects. The caller reads what is
	 * refused and why; the operator's log also names the setting behind the rule.
	 */
	private static void checkAddress(String host, int port, AddressPolicy policy) {
		Optional<InetAddress> literal;
		try {
			literal = AddressPolicy.literal(host);
		}
		catch (IllegalArgumentException ex) {
			throw InvalidCameraInput.field("rtspUrl", "host " + host + " is not valid: write an IPv4 address as four"
					+ " decimal numbers (192.168.1.20), an IPv6 address in brackets, or a host name");
		}
		Optional<AddressPolicy.Refusal> refusal = literal.isPresent() ? policy.refusal(literal.get(), port)
				: policy.refusal(port);
		if (refusal.isPresent()) {
			String subject = refusal.get().port() ? "port " + port : "host " + host;
			log.info("Camera address refused: {} port {}: {} ({})", host, port, refusal.get().what(),
					refusal.get().setting());
			throw InvalidCameraInput.field("rtspUrl",
					subject + " is " + refusal.get().what() + "; " + refusal.get().rule());
		}
	}

	/**
	 * The URL as its owner sees it: the user name kept, the password replaced by stars.
	 */
	public String masked() {
		if (this.userInfo == null) {
			return this.url;
		}
		int colon = this.userInfo.indexOf(':');
		String user = (colon < 0) ? this.userInfo : this.userInfo.substring(0, colon);
		int schemeEnd = this.url.indexOf("://") + 3;
		return this.url.substring(0, schemeEnd) + user + ((colon < 0) ? "" : ":****") + "@"
				+ this.url.substring(schemeEnd);
	}

	@Override
	public String toString() {
		return "SourceUrl[" + this.url + "]";
	}

}
