package dev.ragsuite.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a key directory: which keys are published, which one signs, and start-up failures. */
class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void publishesEveryKeyAndSignsWithTheNewestPrivateKey() throws Exception {
        KeyPair old = write("2026-01-old-private.pem", "2026-01-old-public.pem", Instant.parse("2026-01-01T00:00:00Z"));
        KeyPair current = write("2026-06-new-private.pem", null, Instant.parse("2026-06-01T00:00:00Z"));
        KeyPair retired = generate();
        Files.writeString(dir.resolve("2025-retired-public.pem"), pem("PUBLIC KEY", retired.getPublic().getEncoded()));

        SigningKeys keys = new SigningKeys(dir, Optional.empty(), false);

        assertEquals(SigningKeys.keyIdOf((RSAPublicKey) current.getPublic()), keys.keyId());
        assertEquals(List.of(
                SigningKeys.keyIdOf((RSAPublicKey) retired.getPublic()),
                SigningKeys.keyIdOf((RSAPublicKey) old.getPublic()),
                SigningKeys.keyIdOf((RSAPublicKey) current.getPublic())).stream().sorted().toList(),
                keys.keyIds().stream().sorted().toList());
        JsonWebKeySet jwks = new JsonWebKeySet(keys.jwksJson());
        assertEquals(3, jwks.getJsonWebKeys().size());
        assertTrue(jwks.getJsonWebKeys().stream().allMatch(k -> "RS256".equals(k.getAlgorithm()) && "sig".equals(k.getUse())));
        assertTrue(!keys.jwksJson().contains("\"d\""), "no private parts published");
    }

    @Test
    void configuredActiveKidWins() throws Exception {
        KeyPair old = write("a-private.pem", null, Instant.parse("2026-01-01T00:00:00Z"));
        write("b-private.pem", null, Instant.parse("2026-06-01T00:00:00Z"));
        String oldKid = SigningKeys.keyIdOf((RSAPublicKey) old.getPublic());

        assertEquals(oldKid, new SigningKeys(dir, Optional.of(oldKid), false).keyId());
    }

    @Test
    void activeKidOfAPublicOnlyOrUnknownKeyFailsStartUp() throws Exception {
        write("a-private.pem", null, Instant.now());
        KeyPair publicOnly = generate();
        Files.writeString(dir.resolve("retired-public.pem"), pem("PUBLIC KEY", publicOnly.getPublic().getEncoded()));

        assertThrows(IllegalStateException.class, () -> new SigningKeys(dir,
                Optional.of(SigningKeys.keyIdOf((RSAPublicKey) publicOnly.getPublic())), false));
        assertThrows(IllegalStateException.class, () -> new SigningKeys(dir, Optional.of("nope"), false));
    }

    @Test
    void missingKeyFailsUnlessGenerationIsOn() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SigningKeys(dir, Optional.empty(), false));
        assertTrue(e.getMessage().contains("generate-if-missing"));

        SigningKeys generated = new SigningKeys(dir, Optional.empty(), true);
        assertTrue(Files.exists(dir.resolve(SigningKeys.GENERATED_PRIVATE)));
        assertTrue(Files.exists(dir.resolve(SigningKeys.GENERATED_PUBLIC)));
        assertEquals(List.of(generated.keyId()), generated.keyIds());
        // a restart loads the same key instead of generating another
        assertEquals(generated.keyId(), new SigningKeys(dir, Optional.empty(), true).keyId());
    }

    @Test
    void aPairInTwoFilesIsOneKey() throws Exception {
        write("jwt-private.pem", "jwt-public.pem", Instant.now());
        assertEquals(1, new SigningKeys(dir, Optional.empty(), false).keyIds().size());
    }

    private KeyPair write(String privateName, String publicName, Instant modified) throws Exception {
        KeyPair pair = generate();
        Path privateFile = dir.resolve(privateName);
        Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.setLastModifiedTime(privateFile, FileTime.from(modified));
        if (publicName != null) {
            Files.writeString(dir.resolve(publicName), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        }
        return pair;
    }

    private static KeyPair generate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
