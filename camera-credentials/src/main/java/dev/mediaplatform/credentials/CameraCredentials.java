package dev.mediaplatform.credentials;

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

/**
 * Camera credentials at rest, AES-256-GCM: a random 96-bit nonce per value, stored in
 * front of the ciphertext, and the camera id as associated data, so that a value copied
 * onto another camera does not open. camera-service seals them with the key it
 * {@linkplain #load loads} at start; a stream worker opens them with a key file it reads
 * only when first needed ({@link #CameraCredentials(Path)}), so a worker whose cameras
 * have no passwords does not need it.
 */
public final class CameraCredentials {

	private static final int NONCE_BYTES = 12;

	private final SecureRandom random = new SecureRandom();

	private final Path file;

	/** Says what to do when a value does not open, for the side that holds this key. */
	private final String fix;

	private volatile SecretKey key;

	/**
	 * A stream worker's key: the file is read when a value is first opened.
	 * @param file the key file, as camera-service's
	 */
	public CameraCredentials(Path file) {
		this(file.toAbsolutePath(), null, "the worker needs the same CAMERA_CREDENTIALS_KEY_FILE as camera-service");
	}

	private CameraCredentials(Path file, SecretKey key, String fix) {
		this.file = file;
		this.key = key;
		this.fix = fix;
	}

	/**
	 * camera-service's key, read now so that a service without one does not start.
	 * @param keyFile a file holding the base64 AES-256 key
	 * @param generate create the key file when missing (local use only: every instance
	 * needs the same key); replicas that create it together end with the same key
	 */
	public static CameraCredentials load(Path keyFile, boolean generate) {
		Path file = keyFile.toAbsolutePath();
		try {
			if (!Files.exists(file)) {
				if (!generate) {
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
			return new CameraCredentials(file, new SecretKeySpec(bytes, "AES"),
					"camera-service needs the key they were sealed with");
		}
		catch (IOException | GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("cannot read the credentials key " + file + ": " + ex.getMessage(), ex);
		}
	}

	/** Seals {@code user:password} for one camera. */
	public String seal(String cameraId, String plain) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			this.random.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, nonce));
			cipher.updateAAD(cameraId.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot encrypt camera credentials", ex);
		}
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
			throw new IllegalStateException(
					"the camera's credentials do not open with the key in " + this.file + ": " + this.fix);
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
