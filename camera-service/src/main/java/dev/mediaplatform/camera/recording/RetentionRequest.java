package dev.mediaplatform.camera.recording;

import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * New retention limits for a camera's recordings; {@code null} (or absent) lifts a limit.
 *
 * @param maxAgeDays days a recording is kept, 1 to 3650
 * @param maxBytes bytes of recordings kept, at least 1 MiB
 */
record RetentionRequest(@Nullable @Min(1) @Max(3650) Integer maxAgeDays, @Nullable @Min(1_048_576) Long maxBytes) {
}
