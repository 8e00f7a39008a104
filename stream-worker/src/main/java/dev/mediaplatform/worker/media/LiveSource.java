package dev.mediaplatform.worker.media;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * What a pipeline pulls: a camera's RTSP address, with its credentials when it has any.
 * Its {@link #toString()} never shows the address, which may hold a password.
 *
 * @param cameraId the camera
 * @param url the address FFmpeg opens
 * @param transport how RTP travels
 */
public record LiveSource(String cameraId, String url, Transport transport) {

	private static final Set<String> SCHEMES = Set.of("rtsp", "rtsps");

	/**
	 * Checks an address from the commands topic before anything opens it; only network
	 * camera protocols pass, whatever reached the topic.
	 * @throws MediaFailure (permanent) naming what is wrong with the address
	 */
	public static LiveSource of(String cameraId, String sourceUrl, String userInfo, String transport)
			throws MediaFailure {
		if (sourceUrl == null || sourceUrl.isBlank()) {
			throw MediaFailure.invalidSource("the command has no source URL");
		}
		if (sourceUrl.chars().anyMatch((c) -> c < 0x21 || c == 0x7f)) {
			throw MediaFailure.invalidSource("the source URL contains spaces or control characters");
		}
		URI uri;
		try {
			uri = new URI(sourceUrl);
		}
		catch (URISyntaxException ex) {
			throw MediaFailure.invalidSource("the source URL is not a URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!SCHEMES.contains(scheme) || uri.getRawAuthority() == null || uri.getHost() == null) {
			throw MediaFailure.invalidSource("only rtsp:// and rtsps:// camera URLs with a host are played, not '"
					+ (scheme.isEmpty() ? "no scheme" : scheme) + "'");
		}
		if (uri.getRawUserInfo() != null) {
			throw MediaFailure.invalidSource("the source URL carries credentials; they travel sealed, apart");
		}
		String url = sourceUrl;
		if (userInfo != null) {
			url = scheme + "://" + userInfo + "@" + sourceUrl.substring(scheme.length() + 3);
		}
		return new LiveSource(cameraId, url, Transport.of(transport));
	}

	@Override
	public String toString() {
		return "LiveSource[cameraId=" + this.cameraId + ", transport=" + this.transport + "]";
	}

	/** RTSP's RTP transport: TCP by default, UDP where a camera asks for it. */
	public enum Transport {

		TCP, UDP;

		static Transport of(String name) {
			return "udp".equalsIgnoreCase(name) ? UDP : TCP;
		}

	}

}
