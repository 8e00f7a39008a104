package dev.mediaplatform.addresses;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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

	private static final Pattern IPV4 = Pattern
		.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

	/** A last label a C resolver reads as a number: the host is then an IPv4 address. */
	private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");

	private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");

	private static final List<Denial> DEFAULT_DENIALS = List.of(
			new Denial(network("0.0.0.0/8"), "an unspecified address"),
			new Denial(network("127.0.0.0/8"), "a loopback address"),
			new Denial(network("169.254.0.0/16"), "a link-local address"),
			new Denial(network("224.0.0.0/4"), "a multicast address"),
			new Denial(network("255.255.255.255/32"), "a broadcast address"),
			new Denial(network("::/128"), "an unspecified address"),
			new Denial(network("::1/128"), "a loopback address"),
			new Denial(network("fe80::/10"), "a link-local address"),
			new Denial(network("ff00::/8"), "a multicast address"));

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
		byte[] embedded = embeddedIpv4(raw);
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
		if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
			return Optional.of(address(ipv6(host.substring(1, host.length() - 1))));
		}
		if (host.indexOf(':') >= 0 || host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
			throw new IllegalArgumentException("not a valid host");
		}
		String lower = host.toLowerCase(Locale.ROOT);
		String withoutDot = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
		if (withoutDot.equals("localhost") || withoutDot.endsWith(".localhost")) {
			return Optional.of(address(new byte[] { 127, 0, 0, 1 }));
		}
		String last = withoutDot.substring(withoutDot.lastIndexOf('.') + 1);
		if (!NUMERIC_LABEL.matcher(last).matches()) {
			return Optional.empty();
		}
		if (!IPV4.matcher(host).matches()) {
			throw new IllegalArgumentException("not a valid host");
		}
		return Optional.of(address(ipv4(host)));
	}

	/** An address as text, IPv6 in brackets: what goes into a URL. */
	public static String urlForm(InetAddress address) {
		// Rebuilt from the bytes: no zone, and an IPv4-mapped address as IPv4.
		InetAddress plain = address(address.getAddress());
		return (plain.getAddress().length == 16) ? "[" + plain.getHostAddress() + "]" : plain.getHostAddress();
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
		return new Entry(network(network), number);
	}

	private static Network network(String cidr) {
		int slash = cidr.indexOf('/');
		String text = (slash < 0) ? cidr : cidr.substring(0, slash);
		byte[] address;
		if (text.indexOf(':') >= 0) {
			address = ipv6(text);
		}
		else if (IPV4.matcher(text).matches()) {
			address = ipv4(text);
		}
		else {
			// The caller names the entry and says how to write a network.
			throw new IllegalArgumentException("not an IP address");
		}
		int bits = address.length * 8;
		if (slash >= 0) {
			String length = cidr.substring(slash + 1);
			if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > bits) {
				throw new IllegalArgumentException("the prefix length is not 0 to " + bits);
			}
			bits = Integer.parseInt(length);
		}
		Network network = new Network(address, bits);
		if (!Arrays.equals(network.masked(address), address)) {
			throw new IllegalArgumentException("bits are set after the prefix length");
		}
		return network;
	}

	private static byte[] ipv4(String dotted) {
		String[] parts = dotted.split("\\.");
		byte[] address = new byte[4];
		for (int i = 0; i < 4; i++) {
			address[i] = (byte) Integer.parseInt(parts[i]);
		}
		return address;
	}

	/** RFC 4291 text: hexadecimal groups, one {@code ::} at most, a dotted IPv4 tail. */
	private static byte[] ipv6(String text) {
		int gap = text.indexOf("::");
		if (text.isEmpty() || text.length() > 45 || (gap >= 0 && text.indexOf("::", gap + 1) >= 0)) {
			throw new IllegalArgumentException("not a valid host");
		}
		List<Integer> head = groups((gap < 0) ? text : text.substring(0, gap), gap < 0);
		List<Integer> tail = (gap < 0) ? List.of() : groups(text.substring(gap + 2), true);
		int missing = 8 - head.size() - tail.size();
		if ((gap < 0) ? missing != 0 : missing < 1) {
			throw new IllegalArgumentException("not a valid host");
		}
		byte[] address = new byte[16];
		int index = 0;
		for (int group : head) {
			address[index++] = (byte) (group >> 8);
			address[index++] = (byte) group;
		}
		index += missing * 2;
		for (int group : tail) {
			address[index++] = (byte) (group >> 8);
			address[index++] = (byte) group;
		}
		return address;
	}

	private static List<Integer> groups(String part, boolean mayEndInIpv4) {
		List<Integer> groups = new ArrayList<>();
		if (part.isEmpty()) {
			return groups;
		}
		String[] pieces = part.split(":", -1);
		for (int i = 0; i < pieces.length; i++) {
			String piece = pieces[i];
			if (mayEndInIpv4 && i == pieces.length - 1 && piece.indexOf('.') >= 0 && IPV4.matcher(piece).matches()) {
				byte[] ipv4 = ipv4(piece);
				groups.add(((ipv4[0] & 0xff) << 8) | (ipv4[1] & 0xff));
				groups.add(((ipv4[2] & 0xff) << 8) | (ipv4[3] & 0xff));
			}
			else if (HEX_GROUP.matcher(piece).matches()) {
				groups.add(Integer.parseInt(piece, 16));
			}
			else {
				throw new IllegalArgumentException("not a valid host");
			}
		}
		return groups;
	}

	/**
	 * The IPv4 address inside an IPv4-mapped ({@code ::ffff:0:0/96}), IPv4-compatible
	 * ({@code ::/96}) or NAT64 ({@code 64:ff9b::/96}) IPv6 address, which reach that IPv4
	 * address.
	 */
	private static byte[] embeddedIpv4(byte[] raw) {
		if (raw.length != 16) {
			return null;
		}
		boolean zeros = true;
		for (int i = 4; i < 10; i++) {
			zeros &= raw[i] == 0;
		}
		boolean prefixZero = raw[0] == 0 && raw[1] == 0 && raw[2] == 0 && raw[3] == 0;
		boolean mapped = prefixZero && zeros && raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
		boolean compatible = prefixZero && zeros && raw[10] == 0 && raw[11] == 0;
		boolean nat64 = raw[0] == 0 && raw[1] == 0x64 && raw[2] == (byte) 0xff && raw[3] == (byte) 0x9b && zeros
				&& raw[10] == 0 && raw[11] == 0;
		return (mapped || compatible || nat64) ? Arrays.copyOfRange(raw, 12, 16) : null;
	}

	private static InetAddress address(byte[] raw) {
		try {
			// No lookup: the address is given as bytes. An IPv4-mapped IPv6 address comes
			// back as the IPv4 address it maps to.
			return InetAddress.getByAddress(raw);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("not a valid host", ex);
		}
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
	private record Entry(Network network, int port) {

		boolean matches(List<byte[]> forms, int candidate) {
			return (this.port == 0 || this.port == candidate)
					&& forms.stream().anyMatch((form) -> this.network.contains(form));
		}

	}

	private record Denial(Network network, String what) {
	}

	/** An IPv4 or IPv6 network: an address and how many of its leading bits count. */
	private record Network(byte[] address, int bits) {

		boolean contains(byte[] candidate) {
			return candidate.length == this.address.length && Arrays.equals(masked(candidate), masked(this.address));
		}

		byte[] masked(byte[] candidate) {
			byte[] masked = candidate.clone();
			for (int i = 0; i < masked.length; i++) {
				int keep = Math.max(0, Math.min(8, this.bits - i * 8));
				masked[i] &= (byte) (0xff << (8 - keep));
			}
			return masked;
		}

	}

}
