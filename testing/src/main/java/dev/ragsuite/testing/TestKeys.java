package dev.ragsuite.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.jws.AlgorithmIdentifiers;

/**
 * A throwaway RSA key pair for one module's test run, written under `target/test-keys` so the
 * service under test (which reads the public key from config) and the test code (which signs
 * tokens) agree whatever class loader each runs in. Nothing here is ever committed.
 *
 * <p>The public key is also written as a JWKS ({@code jwks.json}) whose one key carries
 * {@link #keyId()} (its RFC 7638 thumbprint, as auth-service computes it), so services under test
 * select keys by {@code kid} as in production and reject a token with an unknown {@code kid}.
 */
public final class TestKeys {

    static final Path DIR = Path.of("target", "test-keys");
    static final Path PRIVATE = DIR.resolve("private.pem");
    static final Path PUBLIC = DIR.resolve("public.pem");
    static final Path JWKS = DIR.resolve("jwks.json");

    private TestKeys() {
    }

    public static synchronized Path publicKeyPem() {
        ensure();
        return PUBLIC.toAbsolutePath();
    }

    /** The JWKS file with the test public key, {@code kid} = {@link #keyId()}. */
    public static synchronized Path jwksFile() {
        ensure();
        if (!Files.exists(JWKS)) {
            try {
                RsaJsonWebKey jwk = new RsaJsonWebKey(publicKey());
                jwk.setKeyId(keyId());
                jwk.setUse(Use.SIGNATURE);
                jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
                Path temp = Files.createTempFile(DIR, ".jwks-", ".tmp");
                Files.writeString(temp, new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY),
                        StandardCharsets.US_ASCII);
                Files.move(temp, JWKS, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return JWKS.toAbsolutePath();
    }

    /** The {@code kid} of the test key: its JWK SHA-256 thumbprint. */
    public static synchronized String keyId() {
        return new RsaJsonWebKey(publicKey()).calculateBase64urlEncodedThumbprint("SHA-256");
    }

    public static synchronized RSAPublicKey publicKey() {
        ensure();
        try {
            String pem = Files.readString(PUBLIC, StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("test public key unreadable", e);
        }
    }

    public static synchronized PrivateKey privateKey() {
        ensure();
        try {
            String pem = Files.readString(PRIVATE, StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("test private key unreadable", e);
        }
    }

    private static void ensure() {
        if (Files.exists(PRIVATE) && Files.exists(PUBLIC)) {
            return;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(DIR);
            Files.writeString(PRIVATE, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(PUBLIC, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            Files.deleteIfExists(JWKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a test key pair", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
