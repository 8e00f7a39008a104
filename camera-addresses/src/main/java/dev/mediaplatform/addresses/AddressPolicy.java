package dev.mediaplatform.addresses;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which addresses a camera may have, so that a camera URL cannot point the platform at
 * itself: loopback, link-local (the cloud metadata service), unspecified, multicast and
 * broadcast addresses are refused, also inside IPv4-mapped, -compatible and NAT64 IPv6
 * forms; everything else, private LANs included, is allowed. The operator's allow list
 * lifts these refusals for its networks ({@code CAMERA_ADDRESS_ALLOW}); the deny list
 * refuses more networks ({@code CAMERA_ADDRESS_DENY}) and wins over the allow list.
 *
 * <p>
 * IP literals are read by {@link #literal(String)}, which takes only the canonical forms
 * (four decimal numbers, or RFC 4291 IPv6) and refuses the numeric forms a C resolver
 * also takes ({@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1}, {@code 127.1}),
 * so that what is checked is what is connected to.
 *
 * <p>
 * camera-service checks camera URLs with it when they are entered, the stream workers
 * what a camera's host name resolves to at every connection.
 */
public final class AddressPolicy {

	/** What the default refusals say to whoever reads them. */
	static final String DEFAULT_RULE = "cameras on loopback, link-local, unspecified, multicast and broadcast"
			+ " addresses are refused unless the operator allows them (CAMERA_ADDRESS_ALLOW)";

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

	private static final AddressPolicy DEFAULTS = new AddressPolicy(List.of(), List.of());

	private final List<Network> allowed;

	private final List<Network> denied;

	private AddressPolicy(List<Network> allowed, List<Network> denied) {
		this.allowed = List.copyOf(allowed);
		this.denied = List.copyOf(denied);
	}

	/** The platform's own refusals, nothing allowed or refused by an operator. */
	public static AddressPolicy defaults() {
		return DEFAULTS;
	}

	/**
	 * A policy with the operator's networks; blank entries are skipped.
	 * @param allow networks (CIDR, or one address) allowed despite the default refusals
	 * @param deny networks refused besides them, even when also allowed
	 * @throws IllegalArgumentException naming an entry that is not a network
	 */
	public static AddressPolicy of(Collection<String> allow, Collection<String> deny) {
		return new AddressPolicy(networks(allow, "allow"), networks(deny, "deny"));
	}

	/** Why an address is refused, or empty when a camera may have it. */
	public Optional<Refusal> refusal(InetAddress address) {
		byte[] raw = address.getAddress();
		byte[] embedded = embeddedIpv4(raw);
		List<byte[]> forms = (embedded != null) ? List.of(raw, embedded) : List.of(raw);
		for (byte[] form : forms) {
			if (this.denied.stream().anyMatch((network) -> network.contains(form))) {
				return Optional.of(new Refusal("an address in a network the operator refuses",
						"cameras there are refused (CAMERA_ADDRESS_DENY)"));
			}
		}
		for (byte[] form : forms) {
			if (this.allowed.stream().anyMatch((network) -> network.contains(form))) {
				return Optional.empty();
			}
		}
		for (byte[] form : forms) {
			for (Denial denial : DEFAULT_DENIALS) {
				if (denial.network().contains(form)) {
					return Optional.of(new Refusal(denial.what(), DEFAULT_RULE));
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * Reads a URL's host as an IP address when it is one, without any lookup: a dotted
	 * IPv4 address of four decimal numbers, or an IPv6 address in brackets (no zone).
	 * @param host the host as written in a URL
	 * @return the address, or empty when the host is a name
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

	private static List<Network> networks(Collection<String> entries, String list) {
		List<Network> networks = new ArrayList<>();
		for (String entry : (entries != null) ? entries : List.<String>of()) {
			if (entry == null || entry.isBlank()) {
				continue;
			}
			try {
				networks.add(network(entry.strip()));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("camera address " + list + " list (CAMERA_ADDRESS_"
						+ list.toUpperCase(Locale.ROOT) + "): '" + entry.strip() + "' is not a network ("
						+ ex.getMessage() + "); write networks as 10.0.0.0/8 or fd00::/8, separated by commas");
			}
		}
		return networks;
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
	 * @param what what the address is, as {@code a loopback address}
	 * @param rule the rule that refuses it and who can change it
	 */
	public record Refusal(String what, String rule) {
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
