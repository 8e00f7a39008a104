package dev.mediaplatform.worker.media;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.mediaplatform.addresses.AddressPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The address a camera is connected to: resolved by a test resolver (no real DNS), every
 * answer checked, the URL rewritten to the checked address.
 */
class AddressCheckTests {

	final List<String> lookups = new ArrayList<>();

	/** A resolver that answers from a table and records what it was asked. */
	AddressCheck.Resolver dns(Map<String, List<String>> table) {
		return (host) -> {
			this.lookups.add(host);
			List<String> answers = table.get(host);
			if (answers == null) {
				throw new UnknownHostException(host);
			}
			List<InetAddress> addresses = new ArrayList<>();
			for (String answer : answers) {
				addresses.add(AddressPolicy.literal(answer.contains(":") ? "[" + answer + "]" : answer).orElseThrow());
			}
			return addresses.toArray(InetAddress[]::new);
		};
	}

	static LiveSource source(String url) {
		return new LiveSource("cam", url, LiveSource.Transport.TCP);
	}

	MediaFailure refused(AddressCheck check, String url) {
		return assertThatExceptionOfType(MediaFailure.class).as(url).isThrownBy(() -> check.pin(source(url))).actual();
	}

	@Test
	void shouldRefuseANameThatResolvesToLoopbackForGood() {
		AddressCheck check = new AddressCheck(AddressPolicy.defaults(),
				dns(Map.of("camera.example", List.of("127.0.0.1"))));

		MediaFailure failure = refused(check, "rtsp://camera.example:8554/cam1");

		assertThat(failure.permanent()).isTrue();
		assertThat(failure.getMessage()).isEqualTo("the camera's address resolves to a loopback address; cameras on"
				+ " loopback, link-local, unspecified, multicast and broadcast addresses are refused unless the"
				+ " operator allows that address and port");
		assertThat(this.lookups).containsExactly("camera.example");
	}

	@Test
	void shouldRefuseANameWhenAnyOfItsAddressesIsRefused() {
		AddressCheck check = new AddressCheck(AddressPolicy.defaults(), dns(Map.of("metadata.example",
				List.of("192.168.1.20", "169.254.169.254"), "v6.example", List.of("fd00::5", "::ffff:127.0.0.1"))));

		assertThat(refused(check, "rtsp://metadata.example/").getMessage())
			.startsWith("the camera's address resolves to a link-local address;");
		assertThat(refused(check, "rtsp://v6.example/").getMessage())
			.startsWith("the camera's address resolves to a loopback address;");
	}

	@Test
	void shouldHandFfmpegTheCheckedAddressInsteadOfTheName() throws MediaFailure {
		AddressCheck check = new AddressCheck(AddressPolicy.defaults(),
				dns(Map.of("camera.lan", List.of("192.168.1.20", "192.168.1.21"), "v6.lan", List.of("fd00::5"))));

		assertThat(check.pin(source("rtsp://admin:s3cret%21@camera.lan:8554/cam1?channel=2")))
			.isEqualTo("rtsp://admin:s3cret%21@192.168.1.20:8554/cam1?channel=2");
		assertThat(check.pin(source("rtsps://camera.lan/live"))).isEqualTo("rtsps://192.168.1.20/live");
		assertThat(check.pin(source("rtsp://v6.lan:554/a"))).isEqualTo("rtsp://[fd00:0:0:0:0:0:0:5]:554/a");
		assertThat(check.pin(source("rtsp://10.0.0.9/a"))).isEqualTo("rtsp://10.0.0.9/a");
		assertThat(check.pin(source("rtsp://[fd00::9]:554/a"))).isEqualTo("rtsp://[fd00:0:0:0:0:0:0:9]:554/a");
	}

	@Test
	void shouldCheckEveryConnectionAgainSoThatARebindingNameIsCaught() throws MediaFailure {
		List<List<String>> answers = new ArrayList<>(List.of(List.of("192.168.1.20"), List.of("127.0.0.1")));
		AddressCheck check = new AddressCheck(AddressPolicy.defaults(), (host) -> {
			this.lookups.add(host);
			return new InetAddress[] { AddressPolicy.literal(answers.remove(0).get(0)).orElseThrow() };
		});

		assertThat(check.pin(source("rtsp://rebind.example/a"))).isEqualTo("rtsp://192.168.1.20/a");
		assertThat(refused(check, "rtsp://rebind.example/a").permanent()).isTrue();
		assertThat(this.lookups).hasSize(2);
	}

	@Test
	void shouldCheckAddressesWithoutLookingThemUp() {
		AddressCheck check = new AddressCheck(AddressPolicy.defaults(), dns(Map.of()));

		assertThat(refused(check, "rtsp://127.0.0.1:9000/").getMessage())
			.startsWith("the camera's address is a loopback address;");
		assertThat(refused(check, "rtsp://[::ffff:169.254.169.254]/").getMessage())
			.startsWith("the camera's address is a link-local address;");
		for (String url : List.of("rtsp://2130706433/", "rtsp://0x7f000001/", "rtsp://017700000001/",
				"rtsp://0177.0.0.1/")) {
			MediaFailure failure = refused(check, url);
			assertThat(failure.permanent()).as(url).isTrue();
			assertThat(failure.getMessage()).as(url).startsWith("the camera's host is not valid");
		}
		assertThat(this.lookups).isEmpty();
	}

	@Test
	void shouldFollowTheOperatorsNetworks() throws MediaFailure {
		AddressCheck check = new AddressCheck(AddressPolicy.of(List.of("127.0.0.1/32"), List.of("10.96.0.0/12")),
				dns(Map.of("kafka.internal", List.of("10.96.0.12"), "demo.local", List.of("127.0.0.1"))));

		assertThat(check.pin(source("rtsp://demo.local:8554/cam1"))).isEqualTo("rtsp://127.0.0.1:8554/cam1");
		assertThat(refused(check, "rtsp://kafka.internal:19092/").getMessage()).isEqualTo(
				"the camera's address resolves to an address in a network the operator refuses; cameras there are"
						+ " refused");
	}

	@Test
	void shouldAllowTheOperatorsAddressOnItsPortOnlyInEverySpelling() throws MediaFailure {
		AddressCheck check = new AddressCheck(AddressPolicy.of(List.of("127.0.0.1:8554"), List.of()),
				dns(Map.of("demo.local", List.of("127.0.0.1"))));

		for (String host : List.of("127.0.0.1", "localhost", "localhost.", "[::ffff:7f00:1]", "[::127.0.0.1]",
				"demo.local")) {
			assertThat(check.pin(source("rtsp://" + host + ":8554/cam1"))).as(host)
				.isIn("rtsp://127.0.0.1:8554/cam1", "rtsp://[0:0:0:0:0:0:7f00:1]:8554/cam1");
			assertThat(refused(check, "rtsp://" + host + ":8555/cam1").getMessage()).as(host)
				.contains("a loopback address;");
			assertThat(refused(check, "rtsp://" + host + "/cam1").getMessage()).as(host)
				.contains("a loopback address;");
		}
		assertThat(this.lookups).containsOnly("demo.local");
	}

	@Test
	void shouldRefuseThePlatformsPortsBeforeAnyLookupWhateverTheListsSay() {
		AddressCheck check = new AddressCheck(AddressPolicy.of(List.of("127.0.0.0/8", "10.0.0.0/8"), List.of()),
				dns(Map.of("mongo", List.of("10.0.0.7"))));

		for (String url : List.of("rtsp://127.0.0.1:27017/", "rtsp://localhost:3306/", "rtsp://mongo:27017/",
				"rtsp://nowhere.example:9092/", "rtsp://10.0.0.7:8761/")) {
			MediaFailure failure = refused(check, url);
			assertThat(failure.permanent()).as(url).isTrue();
			assertThat(failure.getMessage()).as(url)
				.isEqualTo("the camera's port is a port the platform's own services use; cameras are refused on it,"
						+ " whatever their address");
		}
		assertThat(this.lookups).isEmpty();
	}

	@Test
	void shouldReportANameThatDoesNotResolveLikeAnyCameraThatCannotBeReached() {
		AddressCheck check = new AddressCheck(AddressPolicy.defaults(), dns(Map.of()));

		MediaFailure failure = refused(check, "rtsp://nowhere.example/a");

		assertThat(failure.permanent()).isFalse();
		assertThat(failure.getMessage()).isEqualTo(MediaFailure.unreachable().getMessage());
	}

	@Test
	void shouldRefuseAddressesWithoutAHost() {
		AddressCheck check = new AddressCheck(AddressPolicy.defaults(), dns(Map.of()));
		for (String url : List.of("file:///etc/passwd", "pipe:0", "rtsp:///x", "concat:a|b", "rtsp://a_b/x")) {
			assertThat(refused(check, url).permanent()).as(url).isTrue();
		}
		assertThat(this.lookups).isEmpty();
	}

}
