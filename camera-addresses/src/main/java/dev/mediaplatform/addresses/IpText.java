package dev.mediaplatform.addresses;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP addresses and networks as text, read strictly and without any lookup: what
 * {@link AddressPolicy} checks must be what is connected to.
 */
final class IpText {

	private static final Pattern IPV4 = Pattern
		.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

	/** A last label a C resolver reads as a number: the host is then an IPv4 address. */
	private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");

	private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");

	private IpText() {
	}

	static Optional<InetAddress> literal(String host) {
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

	static String urlForm(InetAddress address) {
		// Rebuilt from the bytes: no zone, and an IPv4-mapped address as IPv4.
		InetAddress plain = address(address.getAddress());
		return (plain.getAddress().length == 16) ? "[" + plain.getHostAddress() + "]" : plain.getHostAddress();
	}

	static Network network(String cidr) {
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
	static byte[] embeddedIpv4(byte[] raw) {
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

	/** An IPv4 or IPv6 network: an address and how many of its leading bits count. */
	record Network(byte[] address, int bits) {

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
