package dev.mediaplatform.worker.media;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Optional;

import dev.mediaplatform.addresses.AddressPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a camera is connected to: its host resolved when the connection is made, every
 * address it resolves to checked against the {@link AddressPolicy}, and the URL handed to
 * FFmpeg rewritten to the checked address, so that a second lookup by FFmpeg cannot
 * answer otherwise (DNS rebinding). Port, path, query and credentials stay as they were.
 *
 * <p>
 * The camera then sees its IP address where the URL had its name, in the RTSP requests
 * and, for {@code rtsps}, in TLS's server name; FFmpeg does not verify a camera's
 * certificate (most are self-signed), so nothing checks that name anyway.
 */
public final class AddressCheck {

	private static final Logger log = LoggerFactory.getLogger(AddressCheck.class);

	private final AddressPolicy policy;

	private final Resolver resolver;

	public AddressCheck(AddressPolicy policy, Resolver resolver) {
		this.policy = policy;
		this.resolver = resolver;
	}

	/** A check with the system's resolver. */
	public static AddressCheck system(AddressPolicy policy) {
		return new AddressCheck(policy, InetAddress::getAllByName);
	}

	/**
	 * The URL FFmpeg opens: the source's, its host replaced by the address it resolves to
	 * now (the first one, when all are allowed).
	 * @throws MediaFailure permanent when an address is refused or the host is not valid;
	 * transient, like any camera that cannot be reached, when the name does not resolve
	 */
	public String pin(LiveSource source) throws MediaFailure {
		String url = source.url();
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw MediaFailure.invalidSource("the source URL is not a URL");
		}
		String host = uri.getHost();
		String authority = uri.getRawAuthority();
		int start = url.indexOf("://") + 3;
		if (host == null || authority == null || start < 3 || !url.startsWith(authority, start)) {
			throw MediaFailure.invalidSource("only rtsp:// and rtsps:// camera URLs with a host are played");
		}
		int port = AddressPolicy.port(uri.getScheme(), uri.getPort());
		// A platform port is refused before any lookup: for good, even when the name
		// does not resolve.
		Optional<AddressPolicy.Refusal> portRefusal = this.policy.refusal(port);
		if (portRefusal.isPresent()) {
			throw refused(source, "port is", portRefusal.get());
		}
		Optional<InetAddress> literal;
		try {
			literal = AddressPolicy.literal(host);
		}
		catch (IllegalArgumentException ex) {
			throw MediaFailure.invalidSource("the camera's host is not valid: write an IPv4 address as four decimal"
					+ " numbers, an IPv6 address in brackets, or a host name");
		}
		InetAddress address;
		if (literal.isPresent()) {
			address = literal.get();
			check(source, address, port, "is");
		}
		else {
			InetAddress[] resolved;
			try {
				resolved = this.resolver.resolve(host);
			}
			catch (UnknownHostException ex) {
				throw MediaFailure.unreachable();
			}
			if (resolved == null || resolved.length == 0) {
				throw MediaFailure.unreachable();
			}
			for (InetAddress candidate : resolved) {
				check(source, candidate, port, "resolves to");
			}
			address = resolved[0];
		}
		int at = authority.lastIndexOf('@');
		String hostAndPort = authority.substring(at + 1);
		if (!hostAndPort.startsWith(host)) {
			throw MediaFailure.invalidSource("only rtsp:// and rtsps:// camera URLs with a host are played");
		}
		return url.substring(0, start) + authority.substring(0, at + 1) + AddressPolicy.urlForm(address)
				+ hostAndPort.substring(host.length()) + url.substring(start + authority.length());
	}

	private void check(LiveSource source, InetAddress address, int port, String verb) throws MediaFailure {
		Optional<AddressPolicy.Refusal> refusal = this.policy.refusal(address, port);
		if (refusal.isPresent()) {
			throw refused(source, refusal.get().port() ? "port is" : "address " + verb, refusal.get());
		}
	}

	/**
	 * The failure the camera's owner reads, which names no setting, and the operator's
	 * log line, which does.
	 */
	private static MediaFailure refused(LiveSource source, String subject, AddressPolicy.Refusal refusal) {
		log.warn("camera {}: refused: its {} {} ({})", source.cameraId(), subject, refusal.what(), refusal.setting());
		return MediaFailure.refusedAddress("the camera's " + subject + " " + refusal.what() + "; " + refusal.rule());
	}

	/** Looks a host name up: the system's resolver, or a test's. */
	@FunctionalInterface
	public interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

}
