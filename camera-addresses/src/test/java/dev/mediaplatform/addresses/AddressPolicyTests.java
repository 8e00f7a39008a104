package dev.mediaplatform.addresses;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The camera address policy: how hosts are read, what is refused by default, and the
 * operator's lists.
 */
class AddressPolicyTests {

	static InetAddress ip(String host) {
		return AddressPolicy.literal(host).orElseThrow();
	}

	static Optional<String> refusal(AddressPolicy policy, String host) {
		return refusal(policy, host, 554);
	}

	static Optional<String> refusal(AddressPolicy policy, String host, int port) {
		return policy.refusal(ip(host), port).map(AddressPolicy.Refusal::what);
	}

	@Nested
	class Literals {

		@Test
		void shouldReadCanonicalAddressesWithoutLookingThemUp() {
			assertThat(ip("192.168.1.20").getHostAddress()).isEqualTo("192.168.1.20");
			assertThat(ip("0.0.0.0").getAddress()).containsExactly(0, 0, 0, 0);
			assertThat(ip("[::1]").getAddress()).hasSize(16).endsWith(0, 1);
			assertThat(ip("[2001:db8::1]").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
			assertThat(ip("[1:2:3:4:5:6:7:8]").getHostAddress()).isEqualTo("1:2:3:4:5:6:7:8");
			assertThat(ip("[1:2:3:4:5:6:7::]").getHostAddress()).isEqualTo("1:2:3:4:5:6:7:0");
			assertThat(ip("[::]").getAddress()).hasSize(16).containsOnly(0);
			assertThat(ip("[FE80::A]").getHostAddress()).isEqualTo("fe80:0:0:0:0:0:0:a");
			// An IPv4-mapped address is the IPv4 address it maps to.
			assertThat(ip("[::ffff:127.0.0.1]").getHostAddress()).isEqualTo("127.0.0.1");
			assertThat(ip("[::ffff:7f00:1]").getHostAddress()).isEqualTo("127.0.0.1");
		}

		@Test
		void shouldLeaveHostNamesAlone() {
			for (String name : List.of("camera.local", "cam-1", "deadbeef", "1.example", "0x.example",
					"localhost.example", "camera.local.", "notlocalhost")) {
				assertThat(AddressPolicy.literal(name)).as(name).isEmpty();
			}
		}

		@Test
		void shouldReadEveryLocalhostNameAsLoopback() {
			for (String name : List.of("localhost", "localhost.", "LOCALHOST", "LocalHost.", "cam.localhost",
					"a.b.localhost.")) {
				assertThat(ip(name).getHostAddress()).as(name).isEqualTo("127.0.0.1");
			}
		}

		@Test
		void shouldRefuseNumbersThatAreNotCanonicalAddresses() {
			for (String host : List.of("0x7f000001", "0X7F000001", "2130706433", "017700000001", "0177.0.0.1", "127.1",
					"127.0.1", "127.0.0.01", "127.000.000.001", "0x7f.0.0.1", "1.2.3.4.5", "256.0.0.1", "127.0.0.1.",
					"camera.1", "camera.0x1", "[::1%eth0]", "[::1%25eth0]", "[1:2:3:4:5:6:7:8:9]", "[1::2::3]",
					"[::ffff:127.1]", "[:::1]", "[12345::]", "[1:2:3:4:5:6:7:8::]", "[:1::]", "[1::]:", "::1", "[]",
					"[v1.x]")) {
				assertThatIllegalArgumentException().as(host).isThrownBy(() -> AddressPolicy.literal(host));
			}
		}

		@Test
		void shouldWriteAddressesForAUrl() {
			assertThat(AddressPolicy.urlForm(ip("10.0.0.7"))).isEqualTo("10.0.0.7");
			assertThat(AddressPolicy.urlForm(ip("[fd00::7]"))).isEqualTo("[fd00:0:0:0:0:0:0:7]");
			assertThat(AddressPolicy.urlForm(ip("[::ffff:10.0.0.7]"))).isEqualTo("10.0.0.7");
		}

	}

	@Nested
	class Defaults {

		final AddressPolicy policy = AddressPolicy.defaults();

		@Test
		void shouldRefuseLoopbackInEveryForm() {
			for (String host : List.of("127.0.0.1", "127.255.255.254", "[::1]", "[::ffff:127.0.0.1]", "[::127.0.0.1]",
					"[64:ff9b::7f00:1]")) {
				assertThat(refusal(this.policy, host)).as(host).hasValue("a loopback address");
			}
		}

		@Test
		void shouldRefuseLinkLocalAndTheMetadataService() {
			for (String host : List.of("169.254.169.254", "169.254.0.1", "[fe80::1]", "[febf::1]",
					"[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]", "[64:ff9b::169.254.169.254]")) {
				assertThat(refusal(this.policy, host)).as(host).hasValue("a link-local address");
			}
		}

		@Test
		void shouldRefuseUnspecifiedMulticastAndBroadcast() {
			for (String host : List.of("0.0.0.0", "0.1.2.3", "[::]", "[::ffff:0.0.0.0]")) {
				assertThat(refusal(this.policy, host)).as(host).hasValue("an unspecified address");
			}
			for (String host : List.of("224.0.0.1", "239.255.255.250", "[ff02::1]", "[::ffff:224.0.0.251]")) {
				assertThat(refusal(this.policy, host)).as(host).hasValue("a multicast address");
			}
			assertThat(refusal(this.policy, "255.255.255.255")).hasValue("a broadcast address");
		}

		@Test
		void shouldAllowPrivateLansAndEverythingElse() {
			for (String host : List.of("10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.20", "[fd00::1]",
					"[fc00::1]", "8.8.8.8", "[2001:db8::1]", "[::ffff:192.168.1.20]", "169.253.255.255",
					"126.255.255.255", "[fec0::1]")) {
				assertThat(refusal(this.policy, host)).as(host).isEmpty();
			}
		}

		@Test
		void shouldRefuseLoopbackInEverySpellingOnEveryPort() {
			for (String host : List.of("localhost", "localhost.", "[::ffff:7f00:1]", "[::127.0.0.1]", "[::1]",
					"127.0.0.1")) {
				for (int port : List.of(554, 8554, 27017)) {
					assertThat(this.policy.refusal(ip(host), port)).as(host + ":" + port).isPresent();
				}
			}
		}

		@Test
		void shouldSayWhyInTheCallersTermsAndNameTheSettingForTheOperatorOnly() {
			AddressPolicy.Refusal refusal = this.policy.refusal(ip("127.0.0.1"), 8554).orElseThrow();
			assertThat(refusal.rule()).isEqualTo("cameras on loopback, link-local, unspecified, multicast and"
					+ " broadcast addresses are refused unless the operator allows that address and port");
			assertThat(refusal.what() + refusal.rule()).doesNotContain("CAMERA_");
			assertThat(refusal.setting()).isEqualTo("CAMERA_ADDRESS_ALLOW");
			assertThat(refusal.port()).isFalse();
		}

		@Test
		void shouldRefuseThePlatformsOwnPortsOnEveryAddress() {
			for (int port : List.of(3306, 8080, 8081, 8082, 8083, 8092, 8094, 8761, 9092, 9093, 27017)) {
				assertThat(refusal(this.policy, "192.168.1.20", port)).as("port " + port)
					.hasValue("a port the platform's own services use");
				assertThat(this.policy.refusal(port)).as("port " + port).isPresent();
			}
			AddressPolicy.Refusal refusal = this.policy.refusal(27017).orElseThrow();
			assertThat(refusal.port()).isTrue();
			assertThat(refusal.what() + refusal.rule()).doesNotContain("CAMERA_").doesNotContain("27017");
			assertThat(refusal.setting()).isEqualTo("CAMERA_ADDRESS_PLATFORM_PORTS");
			assertThat(this.policy.refusal(554)).isEmpty();
			assertThat(this.policy.refusal(8554)).isEmpty();
		}

		@Test
		void shouldKnowTheSchemesDefaultPorts() {
			assertThat(AddressPolicy.port("rtsp", -1)).isEqualTo(554);
			assertThat(AddressPolicy.port("RTSPS", -1)).isEqualTo(322);
			assertThat(AddressPolicy.port("rtsp", 8554)).isEqualTo(8554);
		}

	}

	@Nested
	class OperatorLists {

		@Test
		void shouldAllowWhatTheOperatorAllows() {
			AddressPolicy policy = AddressPolicy.of(List.of("127.0.0.1/32", "::1"), List.of());
			assertThat(refusal(policy, "127.0.0.1")).isEmpty();
			assertThat(refusal(policy, "[::ffff:127.0.0.1]")).isEmpty();
			assertThat(refusal(policy, "[::1]")).isEmpty();
			assertThat(refusal(policy, "127.0.0.2")).hasValue("a loopback address");
			assertThat(refusal(policy, "169.254.169.254")).hasValue("a link-local address");
		}

		@Test
		void shouldRefuseWhatTheOperatorRefusesEvenWhenAllowed() {
			AddressPolicy policy = AddressPolicy.of(List.of("127.0.0.0/8", "10.0.0.0/8"),
					List.of("10.96.0.0/12", "127.0.0.1", "fd12:3456::/32"));
			assertThat(refusal(policy, "10.100.0.1")).hasValue("an address in a network the operator refuses");
			assertThat(refusal(policy, "[::ffff:10.100.0.1]")).hasValue("an address in a network the operator refuses");
			assertThat(refusal(policy, "127.0.0.1")).hasValue("an address in a network the operator refuses");
			assertThat(refusal(policy, "[fd12:3456::5]")).hasValue("an address in a network the operator refuses");
			assertThat(refusal(policy, "10.95.255.255")).isEmpty();
			assertThat(refusal(policy, "127.0.0.2")).isEmpty();
			AddressPolicy.Refusal refusal = policy.refusal(ip("10.100.0.1"), 554).orElseThrow();
			assertThat(refusal.rule()).isEqualTo("cameras there are refused");
			assertThat(refusal.setting()).isEqualTo("CAMERA_ADDRESS_DENY");
		}

		@Test
		void shouldAllowAnAddressOnTheEntrysPortOnly() {
			AddressPolicy policy = AddressPolicy.of(List.of("127.0.0.1:8554", "[::1]:8554", "10.0.0.0/8:554"),
					List.of());
			for (String host : List.of("127.0.0.1", "localhost", "localhost.", "[::ffff:7f00:1]", "[::127.0.0.1]",
					"[::ffff:127.0.0.1]", "[::1]")) {
				assertThat(refusal(policy, host, 8554)).as(host + ":8554").isEmpty();
				assertThat(refusal(policy, host, 8555)).as(host + ":8555").hasValue("a loopback address");
				assertThat(refusal(policy, host, 22)).as(host + ":22").hasValue("a loopback address");
				assertThat(refusal(policy, host, 27017)).as(host + ":27017")
					.hasValue("a port the platform's own services use");
			}
			assertThat(refusal(policy, "127.0.0.2", 8554)).hasValue("a loopback address");
			assertThat(refusal(policy, "0.0.0.0", 8554)).hasValue("an unspecified address");
			assertThat(refusal(policy, "10.1.2.3", 554)).isEmpty();
		}

		@Test
		void shouldRefuseThePlatformsPortsEvenWhereTheOperatorAllowsEveryPort() {
			AddressPolicy policy = AddressPolicy.of(List.of("127.0.0.0/8", "::1"), List.of());
			assertThat(refusal(policy, "127.0.0.1", 8554)).isEmpty();
			for (int port : List.of(3306, 8080, 8082, 8761, 9092, 27017)) {
				assertThat(refusal(policy, "127.0.0.1", port)).as("port " + port)
					.hasValue("a port the platform's own services use");
				assertThat(refusal(policy, "[::1]", port)).as("port " + port)
					.hasValue("a port the platform's own services use");
			}
		}

		@Test
		void shouldRefuseTheOperatorsPlatformPortsInsteadOfTheDefaults() {
			AddressPolicy policy = AddressPolicy.of(List.of("127.0.0.1/32"), List.of(), List.of(41000, 8080));
			assertThat(refusal(policy, "127.0.0.1", 41000)).hasValue("a port the platform's own services use");
			assertThat(refusal(policy, "10.0.0.1", 8080)).hasValue("a port the platform's own services use");
			assertThat(refusal(policy, "127.0.0.1", 27017)).isEmpty();
			assertThatIllegalArgumentException().isThrownBy(() -> AddressPolicy.of(List.of(), List.of(), List.of(0)))
				.withMessageContaining("CAMERA_ADDRESS_PLATFORM_PORTS");
		}

		@Test
		void shouldRefuseAnAddressOnTheDenyEntrysPortOnly() {
			AddressPolicy policy = AddressPolicy.of(List.of(), List.of("192.168.1.5:22", "[fd00::5]:22"));
			assertThat(refusal(policy, "192.168.1.5", 22)).hasValue("an address in a network the operator refuses");
			assertThat(refusal(policy, "[fd00::5]", 22)).hasValue("an address in a network the operator refuses");
			assertThat(refusal(policy, "192.168.1.5", 554)).isEmpty();
		}

		@Test
		void shouldSkipBlankEntriesAndSpaces() {
			AddressPolicy policy = AddressPolicy.of(List.of("", " 127.0.0.0/8 "), List.of(" "));
			assertThat(refusal(policy, "127.0.0.1")).isEmpty();
		}

		@Test
		void shouldNameAnEntryThatIsNotANetwork() {
			for (String entry : List.of("10.0.0.0/33", "10.0.0.1/8", "localhost", "10.0.0.0/", "0x0a000000/8",
					"[::1]/129", "10.0.0.0/8/9", "10.1/16", "::1/129", "fe80::1/10", "10.0.0.0/-1", "localhost:8554",
					"127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:", "127.0.0.1:x", "[::1]:", "[::1", "[10.0.0.1]:554",
					"[::1]8554", "::1:8554:")) {
				assertThatIllegalArgumentException().as(entry)
					.isThrownBy(() -> AddressPolicy.of(List.of(), List.of(entry)))
					.withMessageContaining("deny list")
					.withMessageContaining("'" + entry + "'");
			}
		}

	}

}
