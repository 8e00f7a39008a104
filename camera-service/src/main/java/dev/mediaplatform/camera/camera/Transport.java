package dev.mediaplatform.camera.camera;

import java.util.Locale;

/**
 * How RTP travels from a camera to the workers: inside the RTSP connection (TCP, the
 * default, which passes firewalls and NAT and loses nothing) or as UDP datagrams, for
 * cameras that offer nothing else. Stored and published as its lower-case label.
 */
enum Transport {

	TCP, UDP;

	/**
	 * The transport a request asks for, {@code null} when it names none; any other value
	 * than {@code tcp} or {@code udp} (in any case) is refused.
	 */
	static Transport parse(String raw) {
		if (raw == null) {
			return null;
		}
		return switch (raw.toLowerCase(Locale.ROOT)) {
			case "tcp" -> TCP;
			case "udp" -> UDP;
			default -> throw InvalidCameraInput.field("transport", "must be tcp or udp");
		};
	}

	String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}
