package dev.ragsuite.ingest.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.ragsuite.common.secrets.KeysetTool;
import dev.ragsuite.common.secrets.SecretBox;
import dev.ragsuite.common.secrets.SecretKeysetException;
import dev.ragsuite.ingest.AliceAndBobTest;
import dev.ragsuite.ingest.SecretsTestKeyset;
import dev.ragsuite.ingest.clickup.ClickUpStandInResource;
import dev.ragsuite.testing.ClickUpStandIn;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A keyset rotation against the real test database: a new primary key is added, every stored token
 * is re-encrypted under it (the old key still decrypting meanwhile), the old key is retired, and a
 * keyset without the key the tokens are under is refused by the start-up check. The test's rotation
 * is undone at the end, so the running service's keyset still reads every row.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SecretsTestKeyset.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ClickUpStandInResource.class, scope = TestResourceScope.GLOBAL)
class SecretRotationTest extends AliceAndBobTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @ClickUpStandInResource.Inject
    ClickUpStandIn clickUp;

    @Inject
    ConnectorStore store;

    @Inject
    TokenVault serviceVault;

    @Inject
    Pool db;

    @Test
    void everyStoredTokenIsReencryptedUnderTheNewPrimaryThenTheOldKeyIsRetired() throws Exception {
        String token1 = clickUp.newToken();
        String token2 = clickUp.newToken();
        UUID first = UUID.fromString(ConnectorApiTest.connect(aliceToken, token1));
        UUID second = UUID.fromString(ConnectorApiTest.connect(aliceToken, token2));
        long original = serviceVault.primaryKeyId();

        Path file = Files.createTempFile("rotated", ".json");
        Files.copy(SecretsTestKeyset.FILE, file, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(0, KeysetTool.run(new String[] { "rotate", file.toString() }, new PrintStream(PrintStream.nullOutputStream()), System.err));
        TokenVault rotated = new TokenVault(SecretBox.load(file));
        TokenVault backToOriginal = new TokenVault(SecretBox.of(promote(Files.readString(file), original)));
        try {
            assertNotEquals(original, rotated.primaryKeyId());
            SecretRotation.Result result = new SecretRotation(store, rotated).reencryptAll().await().atMost(WAIT);
            assertTrue(result.reencrypted() >= 2, "both of this test's tokens (and any other) re-encrypted: " + result);
            assertEquals(0, result.remaining());
            assertEquals(rotated.primaryKeyId(), keyIdOf(first));
            assertEquals(token1, rotated.open(ciphertextOf(first), first, alice));
            assertEquals(token2, rotated.open(ciphertextOf(second), second, alice));

            // a keyset without the new key (the one before the rotation) is now a wrong keyset: refused at start
            SecretKeysetException refused = assertThrows(SecretKeysetException.class,
                    () -> SecretsStartup.verify(serviceVault, store, "the old keyset"));
            assertTrue(refused.getMessage().contains("does not hold"), refused.getMessage());

            assertEquals(0, KeysetTool.run(new String[] { "retire", file.toString() }, new PrintStream(PrintStream.nullOutputStream()), System.err));
            TokenVault retired = new TokenVault(SecretBox.load(file));
            assertEquals(1, retired.keyCount());
            SecretsStartup.verify(retired, store, "the retired keyset"); // every stored token still reads
            assertEquals(token2, retired.open(ciphertextOf(second), second, alice));
        } finally {
            SecretRotation.Result undone = new SecretRotation(store, backToOriginal).reencryptAll().await().atMost(WAIT);
            assertEquals(0, undone.remaining());
            Files.deleteIfExists(file);
        }
        assertEquals(original, keyIdOf(first));
        assertEquals(token1, serviceVault.open(ciphertextOf(first), first, alice));
    }

    /** The keyset in {@code json} with key {@code keyId} made primary again (undoing the test's rotation). */
    private static KeysetHandle promote(String json, long keyId) throws Exception {
        KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle); // entries in the handle's order
        for (int i = 0; i < handle.size(); i++) {
            if (Integer.toUnsignedLong(handle.getAt(i).getId()) == keyId) {
                builder.getAt(i).makePrimary();
            }
        }
        return builder.build();
    }

    private long keyIdOf(UUID id) {
        return db.preparedQuery("select token_key_id from ingest.connectors where id = $1").execute(Tuple.of(id))
                .await().atMost(WAIT).iterator().next().getLong(0);
    }

    private byte[] ciphertextOf(UUID id) {
        return db.preparedQuery("select token_ciphertext from ingest.connectors where id = $1").execute(Tuple.of(id))
                .await().atMost(WAIT).iterator().next().getBuffer(0).getBytes();
    }
}
