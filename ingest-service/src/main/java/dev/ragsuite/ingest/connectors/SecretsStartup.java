package dev.ragsuite.ingest.connectors;

import dev.ragsuite.common.secrets.SecretDecryptionException;
import dev.ragsuite.common.secrets.SecretKeysetException;
import dev.ragsuite.common.secrets.SecretsConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Opens the secrets keyset when the service starts and refuses to start without a usable one: no
 * keyset configured, a missing or malformed file, or a keyset that cannot decrypt the tokens already
 * stored (a wrong keyset, or old keys retired before the re-encryption was done) each stop the
 * start with a message that says which. Then re-encrypts any token not yet under the keyset's
 * primary key (after a rotation), so a restart with a rotated keyset finishes the rotation.
 */
@ApplicationScoped
public class SecretsStartup {

    private static final Logger LOG = Logger.getLogger(SecretsStartup.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(60);

    @Produces
    @Singleton
    TokenVault vault(SecretsConfig config, ConnectorStore store) {
        long stored = store.countSecrets().await().atMost(DB_WAIT);
        TokenVault vault;
        try {
            vault = TokenVault.open(config, stored);
            verify(vault, store, config.keysetFile().map(Object::toString).orElse("(none)"));
        } catch (SecretKeysetException e) {
            LOG.errorf("ingest-service cannot start: %s", e.getMessage());
            throw e;
        }
        return vault;
    }

    void onStart(@Observes StartupEvent event, TokenVault vault, SecretRotation rotation) {
        SecretRotation.Result result = rotation.reencryptAll().await().atMost(DB_WAIT.multipliedBy(5));
        LOG.infof("Secrets keyset ready: primary key %d, %d key(s); %d stored token(s) re-encrypted under the primary, %d left",
                result.primaryKeyId(), result.keyIds(), result.reencrypted(), result.remaining());
    }

    /**
     * Every key the stored tokens use must be in the keyset and decrypt them (checked on a few tokens
     * per key: one damaged row does not stop the service, a wrong keyset does).
     */
    static void verify(TokenVault vault, ConnectorStore store, String where) {
        Map<Long, List<ConnectorStore.KeyUse>> byKey = store.keysInUse().await().atMost(DB_WAIT).stream()
                .collect(Collectors.groupingBy(ConnectorStore.KeyUse::keyId, LinkedHashMap::new, Collectors.toList()));
        byKey.forEach((keyId, samples) -> {
            if (!vault.holdsKey(keyId)) {
                throw new SecretKeysetException("Connector tokens are stored encrypted under key " + keyId
                        + ", which the secrets keyset " + where + " does not hold: a wrong keyset, or an old key retired"
                        + " before every token was re-encrypted (docs/operations.md, \"Rotating the secrets keyset\").");
            }
            if (samples.stream().noneMatch(use -> opens(vault, use))) {
                throw new SecretKeysetException("The secrets keyset " + where + " holds a key with id " + keyId
                        + " but it does not decrypt the tokens stored under that id: this is not the keyset they were"
                        + " encrypted with.");
            }
        });
    }

    private static boolean opens(TokenVault vault, ConnectorStore.KeyUse use) {
        try {
            vault.open(use.ciphertext(), use.connectorId(), use.ownerId());
            return true;
        } catch (SecretDecryptionException e) {
            LOG.warnf("The stored token of connection %s does not decrypt: %s", use.connectorId(), e.getMessage());
            return false;
        }
    }
}
