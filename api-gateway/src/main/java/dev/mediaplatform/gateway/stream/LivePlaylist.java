package dev.mediaplatform.gateway.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * One version of a live playlist: the bytes a player is sent and what they say. The
 * worker replaces the playlist by rename, so one read is one consistent version; reading
 * it once and answering those bytes makes the answer the very version a waiting request
 * was decided on.
 *
 * @param content the playlist as written
 * @param state what blocking reloads and preload hints are decided on
 */
record LivePlaylist(byte[] content, LivePlaylistState state) {

	/** Reads the playlist; blocking I/O, so it runs where blocking is allowed. */
	static LivePlaylist read(Path playlist) throws IOException {
		byte[] content;
		try (InputStream in = Files.newInputStream(playlist, LinkOption.NOFOLLOW_LINKS)) {
			content = in.readAllBytes();
		}
		return new LivePlaylist(content, LivePlaylistState.parse(new String(content, StandardCharsets.UTF_8)));
	}

}
