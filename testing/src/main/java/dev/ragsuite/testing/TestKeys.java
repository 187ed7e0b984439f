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
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * A throwaway RSA key pair for one module's test run, written under `target/test-keys` so the
 * service under test (which reads the public key from config) and the test code (which signs
 * tokens) agree whatever class loader each runs in. Nothing here is ever committed.
 */
public final class TestKeys {

    static final Path DIR = Path.of("target", "test-keys");
    static final Path PRIVATE = DIR.resolve("private.pem");
    static final Path PUBLIC = DIR.resolve("public.pem");

    private TestKeys() {
    }

    public static synchronized Path publicKeyPem() {
        ensure();
        return PUBLIC.toAbsolutePath();
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
