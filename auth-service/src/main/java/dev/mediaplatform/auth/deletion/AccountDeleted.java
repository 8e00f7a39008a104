package dev.mediaplatform.auth.deletion;

import java.time.Instant;

/**
 * The value on {@code account.deletions}, keyed by the user id: camera-service forgets
 * the account's cameras and shares.
 */
record AccountDeleted(String userId, String username, Instant deletedAt) {
}
