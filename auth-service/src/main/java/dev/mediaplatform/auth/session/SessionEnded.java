package dev.mediaplatform.auth.session;

import java.time.Instant;

/**
 * A session ended: its refresh tokens are revoked, and the access tokens issued in it
 * (whose {@code sid} claim is {@code sessionId}) must be refused from now on by every
 * gateway, until {@code until}, when the last of them expires anyway. Sent as an
 * application event after the revoking transaction commits, and as the value on
 * {@code auth.sessions}, keyed by the session id.
 *
 * @param sessionId the session (the refresh-token family) that ended
 * @param userId the account the session belonged to
 * @param until when the last access token of the session expires
 */
public record SessionEnded(String sessionId, String userId, Instant until) {
}
