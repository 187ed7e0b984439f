package dev.ragsuite.auth.service;

import dev.ragsuite.auth.config.AuthConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.jws.AlgorithmIdentifiers;

/**
 * The RS256 key pair access tokens are signed with, loaded once at start-up from the PEM files in
 * {@code rag.auth.signing.*}. Its key id is the JWK SHA-256 thumbprint (RFC 7638), so it changes
 * exactly when the key does. The other services (and this one) verify tokens with the public half,
 * published as a JWKS.
 *
 * <p>When neither file exists and {@code generate-if-missing} is on (development), a new RSA 2048
 * pair is written there. When only one of the two exists, start-up fails rather than guessing.
 */
@Startup
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final int MIN_KEY_BITS = 2048;

    private final RSAPrivateKey privateKey;
    private final RSAPublicKey publicKey;
    private final String keyId;
    private final String jwksJson;

    public SigningKeys(AuthConfig config) {
        AuthConfig.Signing signing = config.signing();
        Path privatePath = signing.privateKey().toAbsolutePath();
        Path publicPath = signing.publicKey().toAbsolutePath();
        boolean hasPrivate = Files.exists(privatePath);
        boolean hasPublic = Files.exists(publicPath);
        if (!hasPrivate && !hasPublic) {
            if (!signing.generateIfMissing()) {
                throw new IllegalStateException("No JWT signing key: neither " + privatePath + " nor " + publicPath
                        + " exists. Provide an RSA key pair as PEM files (openssl genpkey -algorithm RSA"
                        + " -pkeyopt rsa_keygen_bits:2048 -out jwt-private.pem; openssl pkey -in jwt-private.pem"
                        + " -pubout -out jwt-public.pem) at rag.auth.signing.private-key / public-key, or set"
                        + " rag.auth.signing.generate-if-missing=true to create one (development only).");
            }
            generate(privatePath, publicPath);
        } else if (!hasPrivate || !hasPublic) {
            throw new IllegalStateException("Only one half of the JWT signing key pair exists ("
                    + (hasPrivate ? privatePath + " without " + publicPath : publicPath + " without " + privatePath)
                    + "). Restore the missing file, or remove both to have a new pair generated.");
        }
        this.privateKey = readPrivateKey(privatePath);
        this.publicKey = readPublicKey(publicPath);
        checkPair(privateKey, publicKey, privatePath, publicPath);

        RsaJsonWebKey jwk = new RsaJsonWebKey(publicKey);
        this.keyId = thumbprint(jwk);
        jwk.setKeyId(keyId);
        jwk.setUse(Use.SIGNATURE);
        jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        this.jwksJson = new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        LOG.infof("JWT signing key loaded from %s (kid %s)", privatePath, keyId);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    /** The {@code kid} header of every token we sign. */
    public String keyId() {
        return keyId;
    }

    /** {@code {"keys":[…]}} with the public key only. */
    public String jwksJson() {
        return jwksJson;
    }

    private static void generate(Path privatePath, Path publicPath) {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(MIN_KEY_BITS);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an RSA key pair", e);
        }
        writeAtomically(privatePath, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
        writeAtomically(publicPath, pem("PUBLIC KEY", pair.getPublic().getEncoded()), false);
        LOG.infof("Generated a new RSA %d JWT signing key pair: %s (owner-only) and %s",
                MIN_KEY_BITS, privatePath, publicPath);
    }

    /** Writes to a temporary file next to the target (owner-only if secret) and moves it in place. */
    private static void writeAtomically(Path target, String content, boolean secret) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            Path dir = target.getParent();
            if (posix && secret) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
            Path temp = posix
                    ? Files.createTempFile(dir, ".jwt-", ".tmp", PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")))
                    : Files.createTempFile(dir, ".jwt-", ".tmp");
            try {
                Files.writeString(temp, content, StandardCharsets.US_ASCII);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the JWT signing key file " + target, e);
        }
    }

    private static RSAPrivateKey readPrivateKey(Path path) {
        String pem = read(path);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalStateException(path + " must be an unencrypted PKCS#8 PEM (\"BEGIN PRIVATE KEY\");"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in old.pem -out " + path.getFileName());
        }
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem, path)));
            return (RSAPrivateKey) key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(path + " is not an RSA private key in PKCS#8 PEM form", e);
        }
    }

    private static RSAPublicKey readPublicKey(Path path) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(read(path), path)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(path + " is not an RSA public key in PEM form (\"BEGIN PUBLIC KEY\")", e);
        }
    }

    private static void checkPair(RSAPrivateKey privateKey, RSAPublicKey publicKey, Path privatePath, Path publicPath) {
        if (publicKey.getModulus().bitLength() < MIN_KEY_BITS) {
            throw new IllegalStateException("The JWT signing key must have at least " + MIN_KEY_BITS + " bits");
        }
        boolean sameModulus = privateKey.getModulus().equals(publicKey.getModulus());
        boolean sameExponent = !(privateKey instanceof RSAPrivateCrtKey crt)
                || crt.getPublicExponent().equals(publicKey.getPublicExponent());
        if (!sameModulus || !sameExponent) {
            throw new IllegalStateException(privatePath + " and " + publicPath + " are not the same key pair");
        }
    }

    private static String thumbprint(RsaJsonWebKey jwk) {
        try {
            return jwk.calculateBase64urlEncodedThumbprint("SHA-256");
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot compute the JWK thumbprint of the signing key", e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the JWT signing key file " + path, e);
        }
    }

    private static byte[] der(String pem, Path path) {
        String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(path + " is not a PEM file", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
