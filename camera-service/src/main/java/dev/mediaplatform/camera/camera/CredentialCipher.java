package dev.mediaplatform.camera.camera;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.mediaplatform.camera.config.CameraProperties;

/**
 * AES-256-GCM for camera credentials at rest: a random 96-bit nonce per value, stored in
 * front of the ciphertext. The camera id is authenticated data, so a value copied onto
 * another camera does not decrypt.
 */
public final class CredentialCipher {

	private static final int NONCE_BYTES = 12;

	private final SecureRandom random = new SecureRandom();

	private final SecretKey key;

	CredentialCipher(SecretKey key) {
		this.key = key;
	}

	public static CredentialCipher load(CameraProperties.Credentials settings) {
		Path file = settings.keyFile().toAbsolutePath();
		try {
			if (!Files.exists(file)) {
				if (!settings.generate()) {
					throw new IllegalStateException(
							"no credentials key at " + file + ": mount the key secret there, or "
									+ "set CAMERA_CREDENTIALS_KEY_GENERATE=true to create one (local use only)");
				}
				generate(file);
			}
			byte[] bytes = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
			if (bytes.length != 32) {
				throw new IllegalStateException(file + " must hold a base64 256-bit key (openssl rand -base64 32)");
			}
			return new CredentialCipher(new SecretKeySpec(bytes, "AES"));
		}
		catch (IOException | GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("cannot read the credentials key " + file + ": " + ex.getMessage(), ex);
		}
	}

	public String encrypt(String cameraId, String plain) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			this.random.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(128, nonce));
			cipher.updateAAD(cameraId.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot encrypt camera credentials", ex);
		}
	}

	public String decrypt(String cameraId, String encrypted) {
		try {
			byte[] all = Base64.getDecoder().decode(encrypted);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, all, 0, NONCE_BYTES));
			cipher.updateAAD(cameraId.getBytes(StandardCharsets.UTF_8));
			return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("camera credentials do not decrypt with this key", ex);
		}
	}

	private static void generate(Path file) throws IOException, GeneralSecurityException {
		Files.createDirectories(file.getParent());
		KeyGenerator generator = KeyGenerator.getInstance("AES");
		generator.init(256);
		Path tmp = Files.createTempFile(file.getParent(), ".credentials", ".tmp");
		try {
			Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system; the folder's own permissions protect it.
		}
		Files.writeString(tmp, Base64.getEncoder().encodeToString(generator.generateKey().getEncoded()) + "\n");
		// Published with a link, which never replaces a file: the first replica's key
		// wins and the others read it. A rename could replace it, and the first replica
		// would go on encrypting with a key no longer on disk.
		try {
			Files.createLink(file, tmp);
		}
		catch (FileAlreadyExistsException ex) {
			// Another replica was first.
		}
		finally {
			Files.delete(tmp);
		}
	}

}
