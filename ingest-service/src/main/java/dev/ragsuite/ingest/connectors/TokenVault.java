package dev.ragsuite.ingest.connectors;

import dev.ragsuite.common.secrets.SecretBox;
import dev.ragsuite.common.secrets.SecretKeysetException;
import dev.ragsuite.common.secrets.SecretsConfig;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Connector tokens in and out of their ciphertext. The associated data of each ciphertext is the
 * connection's id and owner, so a ciphertext copied into another row (another connection, another
 * user) does not decrypt there. Holds the service's {@link SecretBox}, loaded once at start by
 * {@link SecretsStartup}, which refuses to start the service without a usable keyset.
 */
public class TokenVault {

    private static final String PURPOSE = "rag-suite/connector-token/v1";

    private final SecretBox box;

    TokenVault(SecretBox box) {
        this.box = box;
    }

    /** The keyset named by the configuration; generated only when allowed and no secret is stored yet. */
    static TokenVault open(SecretsConfig config, long storedSecrets) {
        var file = config.keysetFile().orElseThrow(() -> new SecretKeysetException(
                "No secrets keyset is configured (RAG_SECRETS_KEYSET_FILE): ingest-service stores connector tokens"
                        + " only encrypted and does not start without its keyset. Mount the keyset secret and point"
                        + " RAG_SECRETS_KEYSET_FILE at it (docs/operations.md, \"Secrets keyset\")."));
        if (config.generateIfMissing() && !java.nio.file.Files.exists(file)) {
            if (storedSecrets > 0) {
                throw new SecretKeysetException("The secrets keyset file " + file + " is missing, but " + storedSecrets
                        + " connector token(s) are stored encrypted under it: restore the keyset (from where it was backed"
                        + " up) instead of generating a new one, which could not decrypt them.");
            }
            return new TokenVault(SecretBox.loadOrGenerate(file));
        }
        return new TokenVault(SecretBox.load(file));
    }

    public byte[] seal(String token, UUID connectorId, String ownerId) {
        return box.encrypt(token.getBytes(StandardCharsets.UTF_8), associatedData(connectorId, ownerId));
    }

    public String open(byte[] ciphertext, UUID connectorId, String ownerId) {
        return new String(box.decrypt(ciphertext, associatedData(connectorId, ownerId)), StandardCharsets.UTF_8);
    }

    /** The id of the key a ciphertext was made under. */
    public static long keyIdOf(byte[] ciphertext) {
        return Integer.toUnsignedLong(SecretBox.keyIdOf(ciphertext));
    }

    public long primaryKeyId() {
        return Integer.toUnsignedLong(box.primaryKeyId());
    }

    public int keyCount() {
        return box.keyIds().size();
    }

    public boolean holdsKey(long keyId) {
        return box.keyIds().contains((int) keyId);
    }

    static byte[] associatedData(UUID connectorId, String ownerId) {
        return (PURPOSE + "|" + connectorId + "|" + ownerId).getBytes(StandardCharsets.UTF_8);
    }

    /** The last four characters, the only part of a token ever shown. */
    public static String hint(String token) {
        return "…" + token.substring(Math.max(0, token.length() - 4));
    }
}
