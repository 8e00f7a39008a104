package dev.mediaplatform.auth.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.mediaplatform.auth.config.AuthProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA keys of the token service: one active key that signs, and retired keys that
 * still verify. Keys are PEM files in one folder (a mounted Kubernetes secret, or the
 * local data folder where a key is generated once). Each key's id is its RFC 7638
 * thumbprint, so the same key always has the same {@code kid}.
 */
public final class SigningKeys {

	static final String SIGNING_KEY_FILE = "signing-key.pem";

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private final RSAKey signing;

	private final JWKSet publicKeys;

	private SigningKeys(RSAKey signing, List<RSAKey> retired) {
		this.signing = signing;
		List<com.nimbusds.jose.jwk.JWK> all = new ArrayList<>();
		all.add(signing.toPublicJWK());
		retired.forEach((key) -> all.add(key.toPublicJWK()));
		this.publicKeys = new JWKSet(all);
	}

	public static SigningKeys load(AuthProperties.Keys settings) {
		Path dir = settings.dir().toAbsolutePath();
		Path signingFile = dir.resolve(SIGNING_KEY_FILE);
		try {
			if (!Files.exists(signingFile)) {
				if (!settings.generate()) {
					throw new IllegalStateException(
							"no signing key at " + signingFile + ": mount the key secret there, "
									+ "or set AUTH_KEYS_GENERATE=true to create one (local use only)");
				}
				generate(signingFile);
			}
			RSAKey signing = rsaKey(readPrivateKey(signingFile));
			List<RSAKey> retired = new ArrayList<>();
			try (Stream<Path> files = Files.list(dir)) {
				for (Path file : files.filter((f) -> f.getFileName().toString().endsWith(".pub.pem"))
					.sorted()
					.toList()) {
					RSAKey key = rsaKey(readPublicKey(file), null);
					if (!key.getKeyID().equals(signing.getKeyID())) {
						retired.add(key);
					}
				}
			}
			log.info("Signing with key {}; {} retired key(s) still verify", signing.getKeyID(), retired.size());
			return new SigningKeys(signing, retired);
		}
		catch (IOException | GeneralSecurityException | JOSEException ex) {
			throw new IllegalStateException("cannot read the signing keys in " + dir + ": " + ex.getMessage(), ex);
		}
	}

	public RSAPrivateCrtKey privateKey() {
		try {
			return (RSAPrivateCrtKey) this.signing.toPrivateKey();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String keyId() {
		return this.signing.getKeyID();
	}

	/** Every public key that verifies: the active one first. */
	public JWKSet publicKeys() {
		return this.publicKeys;
	}

	/** The JWKS document, public parts only. */
	public Map<String, Object> jwks() {
		return this.publicKeys.toJSONObject(true);
	}

	private static void generate(Path file) throws IOException, GeneralSecurityException {
		Files.createDirectories(file.getParent());
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(3072);
		KeyPair pair = generator.generateKeyPair();
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(pair.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		Path tmp = Files.createTempFile(file.getParent(), ".signing-key", ".tmp");
		try {
			Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system; the folder's own permissions protect it.
		}
		Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
		Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		log.info("Generated a new signing key in {}", file);
	}

	private static RSAKey rsaKey(RSAPrivateCrtKey privateKey) throws GeneralSecurityException, JOSEException {
		RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
			.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
		return rsaKey(publicKey, privateKey);
	}

	private static RSAKey rsaKey(RSAPublicKey publicKey, RSAPrivateCrtKey privateKey) throws JOSEException {
		RSAKey.Builder builder = new RSAKey.Builder(publicKey).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256);
		if (privateKey != null) {
			builder.privateKey(privateKey);
		}
		return builder.keyIDFromThumbprint().build();
	}

	private static RSAPrivateCrtKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
		byte[] der = pem(file, "PRIVATE KEY");
		return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
	}

	private static RSAPublicKey readPublicKey(Path file) throws IOException, GeneralSecurityException {
		byte[] der = pem(file, "PUBLIC KEY");
		return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
	}

	private static byte[] pem(Path file, String type) throws IOException {
		String text = Files.readString(file, StandardCharsets.US_ASCII);
		String begin = "-----BEGIN " + type + "-----";
		String end = "-----END " + type + "-----";
		int from = text.indexOf(begin);
		int to = text.indexOf(end);
		if (from < 0 || to < from) {
			throw new IOException(file.getFileName() + " is not a PEM file with a " + type
					+ (type.equals("PRIVATE KEY") ? " (PKCS#8: openssl pkcs8 -topk8 -nocrypt)" : ""));
		}
		return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
	}

}
