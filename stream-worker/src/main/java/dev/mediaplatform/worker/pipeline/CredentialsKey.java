package dev.mediaplatform.worker.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opens the camera credentials camera-service sealed (AES-256-GCM: a 96-bit nonce in
 * front of the ciphertext, the camera id as associated data). The key file is read when
 * first needed, so a worker whose cameras have no passwords does not need it.
 */
public final class CredentialsKey {

	private static final int NONCE_BYTES = 12;

	private final Path file;

	private volatile SecretKey key;

	public CredentialsKey(Path file) {
		this.file = file.toAbsolutePath();
	}

	/**
	 * Returns {@code user:password} as the camera's owner wrote it (percent-encoded).
	 * @throws IllegalStateException naming the cause and the fix when the key is missing
	 * or does not open the value
	 */
	public String open(String cameraId, String sealed) {
		try {
			byte[] all = Base64.getDecoder().decode(sealed);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, all, 0, NONCE_BYTES));
			cipher.updateAAD(cameraId.getBytes(StandardCharsets.UTF_8));
			ByteBuffer plain = ByteBuffer.wrap(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES));
			return StandardCharsets.UTF_8.decode(plain).toString();
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("the camera's credentials do not open with the key in " + this.file
					+ ": the worker needs the same CAMERA_CREDENTIALS_KEY_FILE as camera-service");
		}
	}

	private SecretKey key() {
		SecretKey current = this.key;
		if (current == null) {
			try {
				byte[] bytes = Base64.getDecoder()
					.decode(Files.readString(this.file, StandardCharsets.US_ASCII).trim());
				if (bytes.length != 32) {
					throw new IllegalStateException(this.file + " must hold a base64 256-bit key");
				}
				current = new SecretKeySpec(bytes, "AES");
				this.key = current;
			}
			catch (IOException | IllegalArgumentException ex) {
				throw new IllegalStateException("no credentials key at " + this.file
						+ ": mount camera-service's key there (CAMERA_CREDENTIALS_KEY_FILE)");
			}
		}
		return current;
	}

}
