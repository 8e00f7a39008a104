package dev.mediaplatform.e2e;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;

import dev.mediaplatform.localstack.ApiClient;
import dev.mediaplatform.localstack.ApiClient.Response;
import dev.mediaplatform.localstack.PortGuard;
import dev.mediaplatform.localstack.StackSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform is not a camera: through the gateway, a camera URL naming one of the
 * platform's own ports is refused in every spelling of loopback, although this platform
 * allows loopback cameras (its test cameras listen there), with a problem detail that
 * says why and names no setting; and the local database is reachable from this machine
 * only.
 */
class CameraAddressIT {

	static ApiClient gateway;

	static StackSettings.Ports ports;

	@BeforeAll
	static void platform() {
		gateway = SharedPlatform.gateway();
		ports = SharedPlatform.get().settings().ports();
	}

	@Test
	void shouldRefuseThePlatformsOwnPortsAsACameraInEverySpellingOfLoopback() {
		TestUser user = TestUser.register(gateway, "addr");
		List<Integer> platform = List.of(ports.mongodb(), ports.mariadb(), ports.kafka(), ports.discovery(),
				ports.auth(), ports.camera(), ports.gateway(), 27017, 3306);
		for (String host : List.of("127.0.0.1", "localhost", "localhost.", "[::ffff:7f00:1]", "[::127.0.0.1]",
				"[::1]")) {
			for (int port : platform) {
				String url = "rtsp://" + host + ":" + port + "/";
				Response response = gateway.post("/api/v1/cameras", Map.of("name", "Probe", "rtspUrl", url),
						user.auth());
				assertThat(response.status()).as(url + ": " + response.body()).isEqualTo(400);
				assertThat(response.header("Content-Type")).as(url).isEqualTo("application/problem+json");
				assertThat(response.json().path("detail").asString()).as(url)
					.isEqualTo("rtspUrl port " + port + " is a port the platform's own services use; cameras are"
							+ " refused on it, whatever their address");
				assertThat(response.body()).as(url).doesNotContain("CAMERA_ADDRESS");
			}
		}
		Response legacy = gateway.post("/addCamera",
				Map.of("name", "Probe", "rtspUrl", "rtsp://localhost.:" + ports.mongodb() + "/"), user.auth());
		assertThat(legacy.status()).as(legacy.body()).isEqualTo(400);
		assertThat(legacy.body()).doesNotContain("CAMERA_ADDRESS");
		Response cameras = gateway.get("/api/v1/cameras", user.auth());
		assertThat(cameras.status()).isEqualTo(200);
		assertThat(cameras.json().path("content").isArray()).as(cameras.body()).isTrue();
		assertThat(cameras.json().path("content")).as("nothing stored").isEmpty();
	}

	@Test
	void shouldSayWhyALoopbackCameraIsRefusedWithoutNamingASetting() {
		TestUser user = TestUser.register(gateway, "addr");

		Response response = gateway.post("/api/v1/cameras",
				Map.of("name", "Probe", "rtspUrl", "rtsp://127.0.0.2:8554/cam1"), user.auth());

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.json().path("detail").asString())
			.isEqualTo("rtspUrl host 127.0.0.2 is a loopback address; cameras on loopback, link-local, unspecified,"
					+ " multicast and broadcast addresses are refused unless the operator allows that address and"
					+ " port");
		assertThat(response.body()).doesNotContain("CAMERA_ADDRESS");
	}

	@Test
	void shouldKeepTheDatabaseOffEveryAddressButLoopback() throws Exception {
		int port = ports.mariadb();
		try (Socket loopback = new Socket()) {
			loopback.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 2000);
		}
		assertThat(PortGuard.reachableBeyondLoopback(port)).as("addresses beyond loopback where MariaDB answers")
			.isEmpty();
	}

}
