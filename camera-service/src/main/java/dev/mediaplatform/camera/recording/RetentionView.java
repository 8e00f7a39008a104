package dev.mediaplatform.camera.recording;

import java.time.Instant;

import jakarta.annotation.Nullable;

/**
 * A camera's retention limits and what its recordings take.
 *
 * @param maxAgeDays recordings older than this are deleted; {@code null}: no limit
 * @param maxBytes the camera's recordings are kept under this size, oldest deleted first;
 * {@code null}: no limit
 * @param usedBytes the size of every catalogued recording
 * @param recordings how many are catalogued
 * @param oldest the start of the oldest recording; {@code null} when there is none
 * @param newest the start of the newest recording; {@code null} when there is none
 * @param bytesPerDay what a day of recording takes, from the last 24 hours' complete
 * recordings; {@code null} with less than 10 minutes of them
 * @param daysThatFit how many such days {@code maxBytes} holds; {@code null} without
 * either
 */
record RetentionView(String cameraId, @Nullable Integer maxAgeDays, @Nullable Long maxBytes, long usedBytes,
		long recordings, @Nullable Instant oldest, @Nullable Instant newest, @Nullable Long bytesPerDay,
		@Nullable Double daysThatFit) {
}
