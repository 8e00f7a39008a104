package dev.mediaplatform.addresses;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses a camera may have, so that a camera URL cannot point the platform at
 * itself: loopback, link-local (the cloud metadata service), unspecified, multicast and
 * broadcast addresses are refused, also inside IPv4-mapped, -compatible and NAT64 IPv6
 * forms; everything else, private LANs included, is allowed. The ports the platform's own
 * services use are refused on every address, whatever the lists say
 * ({@code CAMERA_ADDRESS_PLATFORM_PORTS}). The operator's allow list lifts the default
 * refusals for its entries ({@code CAMERA_ADDRESS_ALLOW}); the deny list refuses more
 * ({@code CAMERA_ADDRESS_DENY}) and wins over the allow list. An entry is a network or an
 * address, with or without a port: {@code 10.0.0.0/8}, {@code 127.0.0.1:8554},
 * {@code [::1]:8554}, {@code fd00::/8}; without a port it holds for every port.
 *
 * <p>
 * IP literals are read by {@link #literal(String)}, which takes only the canonical forms
 * (four decimal numbers, or RFC 4291 IPv6) and refuses the numeric forms a C resolver
 * also takes ({@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1}, {@code 127.1}),
 * so that what is checked is what is connected to; {@code localhost} names are loopback.
 *
 * <p>
 * camera-service checks camera URLs with it when they are entered, the stream workers
 * what a camera's host name resolves to at every connection. What a refusal tells the
 * caller names no setting; {@link Refusal#setting()} is for the operator's log.
 */
public final class AddressPolicy {

	/**
	 * The ports the platform's services and stores use, locally ({@code ./run-local}) and
	 * in the manifests: MariaDB, the gateway, auth-service, camera-service,
	 * stream-worker, a second camera-service, its Socket.IO port, camera-service's
	 * Socket.IO port, the gateway's metrics, the registry and a second one, Kafka and its
	 * controller, MongoDB.
	 */
	public static final String PLATFORM_PORTS = "3306,8080,8081,8082,8083,8084,8092,8093,8094,8761,8762,9092,9093,27017";

	/** The port of an {@code rtsp} URL that names none. */
	public static final int RTSP_PORT = 554;

	/** The port of an {@code rtsps} URL that names none. */
	public static final int RTSPS_PORT = 322;

	/** What the default refusals say to whoever reads them. */
	static final String DEFAULT_RULE = "cameras on loopback, link-local, unspecified, multicast and broadcast"
			+ " addresses are refused unless the operator allows that address and port";

	private static final List<Denial> DEFAULT_DENIALS = List.of(
			new Denial(IpText.network("0.0.0.0/8"), "an unspecified address"),
			new Denial(IpText.network("127.0.0.0/8"), "a loopback address"),
			new Denial(IpText.network("169.254.0.0/16"), "a link-local address"),
			new Denial(IpText.network("224.0.0.0/4"), "a multicast address"),
			new Denial(IpText.network("255.255.255.255/32"), "a broadcast address"),
			new Denial(IpText.network("::/128"), "an unspecified address"),
			new Denial(IpText.network("::1/128"), "a loopback address"),
			new Denial(IpText.network("fe80::/10"), "a link-local address"),
			new Denial(IpText.network("ff00::/8"), "a multicast address"));

	private static final Refusal DENIED = new Refusal("an address in a network the operator refuses",
			"cameras there are refused", "CAMERA_ADDRESS_DENY", false);

	private static final Refusal PLATFORM_PORT = new Refusal("a port the platform's own services use",
			"cameras are refused on it, whatever their address", "CAMERA_ADDRESS_PLATFORM_PORTS", true);

	private static final AddressPolicy DEFAULTS = of(List.of(), List.of());

	private final List<Entry> allowed;

	private final List<Entry> denied;

	private final Set<Integer> platformPorts;

	private AddressPolicy(List<Entry> allowed, List<Entry> denied, Set<Integer> platformPorts) {
		this.allowed = List.copyOf(allowed);
		this.denied = List.copyOf(denied);
		this.platformPorts = Set.copyOf(platformPorts);
	}

	/** The platform's own refusals, nothing allowed or refused by an operator. */
	public static AddressPolicy defaults() {
		return DEFAULTS;
	}

	/**
	 * A policy with the operator's entries and the default platform ports.
	 * @see #of(Collection, Collection, Collection)
	 */
	public static AddressPolicy of(Collection<String> allow, Collection<String> deny) {
		return of(allow, deny, List.of());
	}

	/**
	 * A policy with the operator's entries; blank entries are skipped.
	 * @param allow networks or addresses (CIDR, or one address, each with an optional
	 * port) allowed despite the default refusals
	 * @param deny networks or addresses refused besides them, even when also allowed
	 * @param platformPorts the ports refused on every address; none means
	 * {@link #PLATFORM_PORTS}
	 * @throws IllegalArgumentException naming an entry that cannot be read
	 */
	public static AddressPolicy of(Collection<String> allow, Collection<String> deny,
			Collection<Integer> platformPorts) {
		Set<Integer> ports = new HashSet<>();
		if (platformPorts == null || platformPorts.isEmpty()) {
			for (String port : PLATFORM_PORTS.split(",")) {
				ports.add(Integer.parseInt(port));
			}
		}
		else {
			for (Integer port : platformPorts) {
				if (port == null || port < 1 || port > 65535) {
					throw new IllegalArgumentException(
							"camera address platform ports (CAMERA_ADDRESS_PLATFORM_PORTS): '" + port
									+ "' is not a port (1 to 65535)");
				}
				ports.add(port);
			}
		}
		return new AddressPolicy(entries(allow, "allow"), entries(deny, "deny"), ports);
	}

	/**
	 * The port a camera URL connects to: the one it names, or its scheme's.
	 * @param scheme {@code rtsp} or {@code rtsps}
	 * @param port the URL's port, negative when it names none
	 */
	public static int port(String scheme, int port) {
		if (port >= 0) {
			return port;
		}
		return "rtsps".equalsIgnoreCase(scheme) ? RTSPS_PORT : RTSP_PORT;
	}

	/**
	 * Why a port is refused whatever the address, or empty: what can be said of a camera
	 * whose host is a name not looked up yet.
	 */
	public Optional<Refusal> refusal(int port) {
		return this.platformPorts.contains(port) ? Optional.of(PLATFORM_PORT) : Optional.empty();
	}

	/** Why an address and port are refused, or empty when a camera may have them. */
	public Optional<Refusal> refusal(InetAddress address, int port) {
		byte[] raw = address.getAddress();
		byte[] embedded = IpText.embeddedIpv4(raw);
		List<byte[]> forms = (embedded != null) ? List.of(raw, embedded) : List.of(raw);
		if (matches(this.denied, forms, port)) {
			return Optional.of(DENIED);
		}
		Optional<Refusal> platform = refusal(port);
		if (platform.isPresent()) {
			return platform;
		}
		if (matches(this.allowed, forms, port)) {
			return Optional.empty();
		}
		for (byte[] form : forms) {
			for (Denial denial : DEFAULT_DENIALS) {
				if (denial.network().contains(form)) {
					return Optional.of(new Refusal(denial.what(), DEFAULT_RULE, "CAMERA_ADDRESS_ALLOW", false));
				}
			}
		}
		return Optional.empty();
	}

	private static boolean matches(List<Entry> entries, List<byte[]> forms, int port) {
		return entries.stream().anyMatch((entry) -> entry.matches(forms, port));
	}

	/**
	 * Reads a URL's host as an IP address when it is one, without any lookup: a dotted
	 * IPv4 address of four decimal numbers, or an IPv6 address in brackets (no zone). A
	 * {@code localhost} name ({@code localhost}, {@code localhost.},
	 * {@code cam.localhost}) is loopback whatever a resolver says (RFC 6761): it is
	 * {@code 127.0.0.1}.
	 * @param host the host as written in a URL
	 * @return the address, or empty when the host is any other name
	 * @throws IllegalArgumentException when the host is written like a number but not as
	 * a canonical IP address ({@code 2130706433}, {@code 0x7f.1}, {@code 127.1},
	 * {@code [::1%eth0]})
	 */
	public static Optional<InetAddress> literal(String host) {
		return IpText.literal(host);
	}

	/** An address as text, IPv6 in brackets: what goes into a URL. */
	public static String urlForm(InetAddress address) {
		return IpText.urlForm(address);
	}

	private static List<Entry> entries(Collection<String> entries, String list) {
		List<Entry> read = new ArrayList<>();
		for (String entry : (entries != null) ? entries : List.<String>of()) {
			if (entry == null || entry.isBlank()) {
				continue;
			}
			try {
				read.add(entry(entry.strip()));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("camera address " + list + " list (CAMERA_ADDRESS_"
						+ list.toUpperCase(Locale.ROOT) + "): '" + entry.strip() + "' is not a network ("
						+ ex.getMessage()
						+ "); write networks as 10.0.0.0/8 or fd00::/8, an address with a port as 127.0.0.1:8554 or"
						+ " [::1]:8554, separated by commas");
			}
		}
		return read;
	}

	/**
	 * {@code 10.0.0.0/8}, {@code 10.0.0.0/8:554}, {@code 127.0.0.1:8554},
	 * {@code fd00::/8}, {@code [::1]:8554}, {@code [fd00::]/8:554}: an IPv6 address takes
	 * a port only in brackets.
	 */
	private static Entry entry(String text) {
		String network = text;
		String port = null;
		if (text.startsWith("[")) {
			int close = text.indexOf(']');
			if (close < 0) {
				throw new IllegalArgumentException("no closing bracket");
			}
			String rest = text.substring(close + 1);
			int colon = rest.indexOf(':');
			network = text.substring(1, close) + ((colon < 0) ? rest : rest.substring(0, colon));
			port = (colon < 0) ? null : rest.substring(colon + 1);
			if (network.indexOf(':') < 0) {
				throw new IllegalArgumentException("brackets hold an IPv6 address");
			}
		}
		else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') >= 0) {
			network = text.substring(0, text.indexOf(':'));
			port = text.substring(text.indexOf(':') + 1);
		}
		int number = 0;
		if (port != null) {
			if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
				throw new IllegalArgumentException("the port is not 1 to 65535");
			}
			number = Integer.parseInt(port);
		}
		return new Entry(IpText.network(network), number);
	}

	/**
	 * Why an address is refused.
	 *
	 * @param what what the address or port is, as {@code a loopback address}
	 * @param rule the rule that refuses it, in the caller's terms
	 * @param setting the operator's setting behind the rule: for the operator's log,
	 * never for the caller
	 * @param port whether the port is refused (whatever the address), not the address
	 */
	public record Refusal(String what, String rule, String setting, boolean port) {
	}

	/**
	 * An allow or deny entry: a network and a port, or every port.
	 *
	 * @param network the addresses
	 * @param port the one port, or 0 for every port
	 */
	private record Entry(IpText.Network network, int port) {

		boolean matches(List<byte[]> forms, int candidate) {
			return (this.port == 0 || this.port == candidate)
					&& forms.stream().anyMatch((form) -> this.network.contains(form));
		}

	}

	private record Denial(IpText.Network network, String what) {
	}

}
