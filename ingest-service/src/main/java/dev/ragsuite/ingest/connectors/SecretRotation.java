package dev.ragsuite.ingest.connectors;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Re-encrypts every stored token that is not under the keyset's primary key: the second half of a
 * rotation (a new primary key was added; older keys stay in the keyset only to decrypt until this is
 * done, then they are retired). Safe to run in several replicas at once: a row is replaced only if
 * its ciphertext is still the one read.
 */
@ApplicationScoped
public class SecretRotation {

    private static final Logger LOG = Logger.getLogger(SecretRotation.class);
    static final int BATCH = 100;

    /** What a run did; {@code remaining} is counted afterwards, by asking the database. */
    public record Result(long primaryKeyId, int keyIds, long reencrypted, long remaining) {
    }

    private final ConnectorStore store;
    private final TokenVault vault;

    public SecretRotation(ConnectorStore store, TokenVault vault) {
        this.store = store;
        this.vault = vault;
    }

    public Uni<Result> reencryptAll() {
        long primary = vault.primaryKeyId();
        return batch(primary, 0)
                .chain(done -> store.countNotUnder(primary)
                        .map(left -> new Result(primary, vault.keyCount(), done, left)));
    }

    private Uni<Long> batch(long primary, long doneSoFar) {
        return store.notUnder(primary, BATCH).chain(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(doneSoFar);
            }
            return reencrypt(rows).chain(changed -> changed == 0
                    ? Uni.createFrom().item(doneSoFar) // others changed them meanwhile: the count afterwards tells
                    : batch(primary, doneSoFar + changed));
        });
    }

    private Uni<Long> reencrypt(List<ConnectorStore.KeyUse> rows) {
        Uni<Long> changed = Uni.createFrom().item(0L);
        for (ConnectorStore.KeyUse row : rows) {
            changed = changed.chain(n -> {
                String token = vault.open(row.ciphertext(), row.connectorId(), row.ownerId());
                byte[] renewed = vault.seal(token, row.connectorId(), row.ownerId());
                return store.replaceCiphertext(row, renewed, TokenVault.keyIdOf(renewed)).map(ok -> ok ? n + 1 : n);
            });
        }
        return changed.invoke(n -> LOG.debugf("re-encrypted %d connector token(s)", n));
    }
}
