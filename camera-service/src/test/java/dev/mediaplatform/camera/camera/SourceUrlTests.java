package dev.mediaplatform.camera.camera;

import java.util.List;
import java.util.Set;

import dev.mediaplatform.camera.config.CameraProperties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A camera URL's host at input: IP addresses checked against the address policy, numbers
 * that are not canonical addresses refused, names left for the worker to resolve.
 */
class SourceUrlTests {

	static CameraProperties.Sources rules(List<String> allow, List<String> deny) {
		return new CameraProperties.Sources(Set.of("rtsp", "rtsps"), 2048, new CameraProperties.Addresses(allow, deny));
	}

	static final CameraProperties.Sources DEFAULTS = rules(List.of(), List.of());

	static InvalidCameraInput refused(String url, CameraProperties.Sources rules) {
		return assertThatExceptionOfType(InvalidCameraInput.class).as(url)
			.isThrownBy(() -> SourceUrl.parse(url, rules))
			.actual();
	}

	@Nested
	class ByDefault {

		@Test
		void shouldRefuseAddressesOfThePlatformItselfSayingWhyWithoutNamingASetting() {
			InvalidCameraInput refusal = refused("rtsp://127.0.0.1:8554/cam", DEFAULTS);
			assertThat(refusal.field()).isEqualTo("rtspUrl");
			assertThat(refusal.getMessage())
				.isEqualTo("rtspUrl host 127.0.0.1 is a loopback address; cameras on loopback, link-local,"
						+ " unspecified, multicast and broadcast addresses are refused unless the operator allows"
						+ " that address and port");
			assertThat(refused("rtsp://169.254.169.254/latest/meta-data", DEFAULTS).getMessage())
				.startsWith("rtspUrl host 169.254.169.254 is a link-local address;");
			assertThat(refused("rtsp://0.0.0.0:9000/", DEFAULTS).getMessage()).contains("an unspecified address");
			assertThat(refused("rtsp://user:pw@[::1]:8554/", DEFAULTS).getMessage())
				.startsWith("rtspUrl host [::1] is a loopback address;");
			assertThat(refused("rtsp://localhost./", DEFAULTS).getMessage())
				.startsWith("rtspUrl host localhost. is a loopback address;");
			assertThat(refused("rtsp://[::ffff:127.0.0.1]/", DEFAULTS).getMessage()).contains("a loopback address");
			assertThat(refused("rtsp://[fe80::1]/", DEFAULTS).getMessage()).contains("a link-local address");
			assertThat(refused("rtsps://239.255.255.250/", DEFAULTS).getMessage()).contains("a multicast address");
			assertThat(refused("rtsp://255.255.255.255/", DEFAULTS).getMessage()).contains("a broadcast address");
		}

		@Test
		void shouldRefuseNumbersThatAreNotWrittenAsAnAddress() {
			for (String url : List.of("rtsp://0x7f000001/x", "rtsp://2130706433:554/x", "rtsp://017700000001/x",
					"rtsp://0177.0.0.1/x", "rtsp://127.000.000.001/x", "rtsp://[::1%25lo]/x")) {
				assertThat(refused(url, DEFAULTS).getMessage()).as(url)
					.startsWith("rtspUrl host ")
					.contains(" is not valid: write an IPv4 address as four decimal numbers");
			}
			// java.net.URI does not even see a host in these.
			for (String url : List.of("rtsp://127.1/x", "rtsp://127.0.0.1./x", "rtsp://%31%32%37.0.0.1/x")) {
				assertThat(refused(url, DEFAULTS).getMessage()).as(url).isEqualTo("rtspUrl does not name a valid host");
			}
		}

		@Test
		void shouldAcceptPrivateLansAndPublicAddresses() {
			for (String url : List.of("rtsp://10.1.2.3/a", "rtsp://172.16.0.9:554/a", "rtsp://192.168.1.20/a",
					"rtsp://[fd00::5]:8554/a", "rtsp://203.0.113.7/a")) {
				assertThat(SourceUrl.parse(url, DEFAULTS).url()).isEqualTo(url);
			}
			SourceUrl withCredentials = SourceUrl.parse("rtsp://cam:pw@[fd00::5]:554/live", DEFAULTS);
			assertThat(withCredentials.url()).isEqualTo("rtsp://[fd00::5]:554/live");
			assertThat(withCredentials.userInfo()).isEqualTo("cam:pw");
		}

		@Test
		void shouldNotLookUpHostNames() {
			// The camera's network may not be reachable from camera-service; the worker
			// checks what a name resolves to when it connects.
			assertThat(SourceUrl.parse("rtsp://camera.invalid/live", DEFAULTS).url())
				.isEqualTo("rtsp://camera.invalid/live");
		}

	}

	@Nested
	class OperatorLists {

		@Test
		void shouldAcceptWhatTheOperatorAllows() {
			CameraProperties.Sources rules = rules(List.of("127.0.0.1/32"), List.of());
			assertThat(SourceUrl.parse("rtsp://127.0.0.1:8554/cam1", rules).url())
				.isEqualTo("rtsp://127.0.0.1:8554/cam1");
			assertThat(refused("rtsp://127.0.0.2:8554/cam1", rules).getMessage()).contains("a loopback address");
		}

		@Test
		void shouldAcceptTheAllowedAddressOnItsPortOnlyInEverySpelling() {
			CameraProperties.Sources rules = rules(List.of("127.0.0.1:8554"), List.of());
			for (String host : List.of("127.0.0.1", "localhost", "localhost.", "[::ffff:7f00:1]", "[::127.0.0.1]")) {
				assertThat(SourceUrl.parse("rtsp://" + host + ":8554/cam1", rules).url()).as(host)
					.isEqualTo("rtsp://" + host + ":8554/cam1");
				assertThat(refused("rtsp://" + host + ":8555/cam1", rules).getMessage()).as(host)
					.isEqualTo("rtspUrl host " + host + " is a loopback address; cameras on loopback, link-local,"
							+ " unspecified, multicast and broadcast addresses are refused unless the operator allows"
							+ " that address and port");
				assertThat(refused("rtsp://" + host + "/cam1", rules).getMessage()).as(host)
					.contains("is a loopback address");
			}
		}

		@Test
		void shouldRefuseThePlatformsOwnPortsWhateverTheListsSay() {
			CameraProperties.Sources rules = rules(List.of("127.0.0.0/8", "192.168.1.0/24"), List.of());
			for (String url : List.of("rtsp://127.0.0.1:27017/", "rtsp://localhost:3306/", "rtsp://192.168.1.5:9092/",
					"rtsp://mongo.example:27017/", "rtsps://[::ffff:7f00:1]:8761/")) {
				assertThat(refused(url, rules).getMessage()).as(url)
					.matches("rtspUrl port \\d+ is a port the platform's own services use; cameras are refused on it,"
							+ " whatever their address");
			}
			assertThat(SourceUrl.parse("rtsp://127.0.0.1:8554/cam1", rules).url())
				.isEqualTo("rtsp://127.0.0.1:8554/cam1");
		}

		@Test
		void shouldRefuseWhatTheOperatorRefuses() {
			CameraProperties.Sources rules = rules(List.of(), List.of("10.96.0.0/12"));
			assertThat(refused("rtsp://10.96.0.10:19092/", rules).getMessage())
				.isEqualTo("rtspUrl host 10.96.0.10 is an address in a network the operator refuses; cameras there"
						+ " are refused");
			assertThat(SourceUrl.parse("rtsp://10.1.0.10/", rules).url()).isEqualTo("rtsp://10.1.0.10/");
		}

		@Test
		void shouldRefuseToStartWithANetworkItCannotRead() {
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> new CameraProperties.Addresses(List.of("10.0.0.0/33"), List.of()))
				.withMessageContaining("CAMERA_ADDRESS_ALLOW")
				.withMessageContaining("'10.0.0.0/33'");
		}

	}

}
