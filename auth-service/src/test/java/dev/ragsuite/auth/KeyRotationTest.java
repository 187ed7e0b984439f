package dev.ragsuite.auth;

import static dev.ragsuite.auth.AuthApi.PASSWORD;
import static dev.ragsuite.auth.AuthApi.as;
import static dev.ragsuite.auth.AuthApi.loginTokens;
import static dev.ragsuite.auth.AuthApi.randomEmail;
import static dev.ragsuite.auth.AuthApi.sid;
import static dev.ragsuite.auth.AuthApi.sub;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ragsuite.testing.AttackTokens;
import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.testing.TestKeys;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;

/**
 * Mid-rotation: the keys directory holds the old key (the test key) and a newer one. The new key
 * signs, both are published, and tokens the old key signed keep working, so nobody is logged out.
 * Registration is off in this profile too ({@link RegistrationDisabledTest} shares it, and so one
 * Quarkus start): the users here are created by the admin.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
@TestProfile(KeyRotationTest.TwoKeys.class)
class KeyRotationTest {

    static final Path DIR = Path.of("target", "rotation-keys");
    static final String NEW_KID_FILE = "new-kid.txt";

    /**
     * Two signing keys, and registration switched off: the profile of this class and of
     * {@link RegistrationDisabledTest}, which share one Quarkus start (neither needs the other's
     * setting to be the default).
     */
    public static class TwoKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rag.auth.registration-enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KeyDirectory.class));
        }
    }

    /** Writes the directory before the application starts: old test key (older), new key (newer). */
    public static class KeyDirectory implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                Files.createDirectories(DIR);
                Path old = DIR.resolve("2026-01-01-private.pem");
                Files.copy(TestKeys.publicKeyPem().getParent().resolve("private.pem"), old, StandardCopyOption.REPLACE_EXISTING);
                Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(86_400)));
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                var pair = generator.generateKeyPair();
                Files.writeString(DIR.resolve("2026-02-01-private.pem"), "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
                Files.writeString(DIR.resolve(NEW_KID_FILE),
                        new RsaJsonWebKey((RSAPublicKey) pair.getPublic()).calculateBase64urlEncodedThumbprint("SHA-256"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("rag.auth.signing.keys-dir", DIR.toAbsolutePath().toString());
        }

        @Override
        public void stop() {
            // left for inspection; rewritten by the next run
        }
    }

    @Test
    void bothKeysArePublishedAndTheNewerOneSigns() throws IOException {
        String newKid = Files.readString(DIR.resolve(NEW_KID_FILE));
        given().get("/api/auth/jwks").then().statusCode(200)
                .body("keys", hasSize(2))
                .body("keys.kid", containsInAnyOrder(newKid, TestKeys.keyId()));

        String email = randomEmail();
        AuthApi.createdByAdmin(email);
        String token = loginTokens(email, PASSWORD).getString("accessToken");
        org.junit.jupiter.api.Assertions.assertEquals(newKid, AuthApi.header(token).get("kid").asText());
        assertNotEquals(TestKeys.keyId(), newKid);
        as(token).get("/api/auth/me").then().statusCode(200);
    }

    @Test
    void tokensOfTheOlderKeyStillWork() {
        String email = randomEmail();
        AuthApi.createdByAdmin(email);
        String token = loginTokens(email, PASSWORD).getString("accessToken");
        // the same session, signed with the old key as before the rotation
        AttackTokens old = AttackTokens.forSession(sub(token), sid(token), Set.of("user"));
        as(old.valid()).get("/api/auth/me").then().statusCode(200);
        as(old.unknownKid()).get("/api/auth/me").then().statusCode(401);
        as(old.wrongSignature()).get("/api/auth/me").then().statusCode(401);
    }
}
