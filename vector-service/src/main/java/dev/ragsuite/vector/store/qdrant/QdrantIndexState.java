package dev.ragsuite.vector.store.qdrant;

import static io.qdrant.client.ValueFactory.value;

import com.google.common.util.concurrent.ListenableFuture;
import dev.ragsuite.vector.api.ReindexStatus;
import dev.ragsuite.vector.store.IndexMarkers;
import dev.ragsuite.vector.store.IndexPointer;
import dev.ragsuite.vector.store.IndexState;
import io.opentelemetry.api.trace.Tracer;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Collections.AliasDescription;
import io.qdrant.client.grpc.Collections.AliasOperations;
import io.qdrant.client.grpc.Collections.CreateAlias;
import io.qdrant.client.grpc.Collections.DeleteAlias;
import io.qdrant.client.grpc.Collections.UpdateCollection;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The index state kept in Qdrant alone, so that any number of vector-service replicas share it and none
 * keeps a file:
 * <ul>
 * <li><b>Which collection serves</b>: the collection alias {@code <prefix>_active}. A switch is one
 * update-aliases call holding both actions (delete the alias, create it on the new collection), which
 * Qdrant applies atomically: every reader sees the old collection or the new one, never none.</li>
 * <li><b>Its model and dimensions</b>: the metadata every collection is created with ({@code rag_model},
 * {@code rag_dimensions}, see {@link QdrantCollection}); the collection name {@code <prefix>_<model>_<dims>}
 * says the same, but model names are sanitised into it, so the metadata is what is read.</li>
 * <li><b>The re-index target</b>: the metadata key {@value #META_TARGET} of the active collection names the
 * collection a re-index builds (empty: none), so every replica dual-writes to it.</li>
 * <li><b>The last re-index</b> ({@code LAST-REINDEX} of the embedded index): the metadata keys
 * {@code rag_reindexed_*} of the collection it built, written before the switch to it.</li>
 * </ul>
 * Metadata was chosen over a separate state collection because every piece belongs to one collection and
 * Qdrant keeps it with that collection (snapshots included); the alias is the one thing that changes
 * atomically across collections. An {@code ACTIVE.qdrant} file an older version wrote is adopted once:
 * when no alias exists, the alias is created on the collection it names and the file renamed
 * {@code ACTIVE.qdrant.adopted}.
 */
public final class QdrantIndexState implements IndexState {

    private static final Logger LOG = Logger.getLogger(QdrantIndexState.class);
    static final String META_TARGET = "rag_reindex_target";
    static final String META_REINDEXED_DONE = "rag_reindexed_done";
    static final String META_REINDEXED_TOTAL = "rag_reindexed_total";
    static final String META_REINDEXED_RATE = "rag_reindexed_rate";

    private final QdrantClient client;
    private final String alias;
    private final Duration timeout;
    private final Tracer tracer;
    private final Path legacyMarker;

    /** @param legacyMarker the {@code ACTIVE.qdrant} file of an install that predates the alias (adopted once) */
    QdrantIndexState(QdrantClient client, String prefix, Duration timeout, Tracer tracer, Path legacyMarker) {
        this.client = client;
        this.alias = alias(prefix);
        this.timeout = timeout;
        this.tracer = tracer;
        this.legacyMarker = legacyMarker;
    }

    /** The alias naming the active collection; it cannot clash with a collection, whose names end in {@code _<dims>}. */
    static String alias(String prefix) {
        return QdrantStoreFactory.sanitise(prefix) + "_active";
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public Optional<View> read() throws IOException {
        Optional<String> collection = aliased();
        if (collection.isEmpty()) {
            collection = adoptLegacyMarker();
            if (collection.isEmpty()) {
                return Optional.empty();
            }
        }
        Map<String, Value> metadata = metadata(collection.get());
        IndexPointer active = pointer(collection.get(), metadata);
        Optional<IndexPointer> target = Optional.empty();
        String announced = string(metadata.get(META_TARGET));
        if (!announced.isEmpty() && !announced.equals(active.index())) {
            if (await(announced, "check the collection " + announced, client.collectionExistsAsync(announced, timeout))) {
                target = Optional.of(pointer(announced, metadata(announced)));
            } else {
                LOG.warnf("The announced re-index target %s does not exist; ignoring it", announced);
            }
        }
        Optional<ReindexStatus> last = Optional.empty();
        if (metadata.containsKey(META_REINDEXED_TOTAL)) {
            last = Optional.of(new ReindexStatus(ReindexStatus.COMPLETED, active.model(), active.dimensions(),
                    number(metadata.get(META_REINDEXED_DONE)).longValue(), number(metadata.get(META_REINDEXED_TOTAL)).longValue(),
                    number(metadata.get(META_REINDEXED_RATE)).doubleValue(), null));
        }
        return Optional.of(new View(active, target, last));
    }

    /** One update-aliases call: delete the alias (when it exists) and create it on {@code to}, applied atomically. */
    @Override
    public void switchActive(Optional<IndexPointer> from, IndexPointer to) throws IOException {
        List<AliasOperations> actions = new ArrayList<>(2);
        if (aliased().isPresent()) {
            actions.add(AliasOperations.newBuilder().setDeleteAlias(DeleteAlias.newBuilder().setAliasName(alias)).build());
        }
        actions.add(AliasOperations.newBuilder()
                .setCreateAlias(CreateAlias.newBuilder().setAliasName(alias).setCollectionName(to.index())).build());
        await(to.index(), "switch the alias " + alias + " to " + to.index(), client.updateAliasesAsync(actions, timeout));
    }

    @Override
    public void announceTarget(IndexPointer active, Optional<IndexPointer> target) throws IOException {
        updateMetadata(active.index(), Map.of(META_TARGET, value(target.map(IndexPointer::index).orElse(""))));
    }

    @Override
    public void writeLastReindex(IndexPointer into, ReindexStatus status) throws IOException {
        updateMetadata(into.index(), Map.of(META_REINDEXED_DONE, value(status.done()),
                META_REINDEXED_TOTAL, value(status.total()), META_REINDEXED_RATE, value(status.chunksPerSecond())));
    }

    @Override
    public String pointerFile() {
        return QdrantStoreFactory.POINTER;
    }

    /** The collection the alias names, if it exists. */
    private Optional<String> aliased() throws IOException {
        List<AliasDescription> aliases = await("", "list the aliases", client.listAliasesAsync(timeout));
        return aliases.stream().filter(a -> a.getAliasName().equals(alias)).map(AliasDescription::getCollectionName)
                .findFirst();
    }

    /** Creates the alias from an {@code ACTIVE.qdrant} an older version left, once; empty when there is none. */
    private Optional<String> adoptLegacyMarker() throws IOException {
        if (legacyMarker == null || !Files.exists(legacyMarker)) {
            return Optional.empty();
        }
        Optional<IndexPointer> pointer = new IndexMarkers(legacyMarker.getParent(), legacyMarker.getFileName().toString())
                .readActive();
        if (pointer.isEmpty()) {
            return Optional.empty();
        }
        try {
            switchActive(Optional.empty(), pointer.get());
            LOG.infof("Adopted %s: the alias %s now names the collection %s", legacyMarker, alias, pointer.get().index());
        } catch (IOException e) {
            if (aliased().isEmpty()) {
                throw e;
            } // another replica adopted it first
        }
        Files.move(legacyMarker, legacyMarker.resolveSibling(legacyMarker.getFileName() + ".adopted"),
                StandardCopyOption.REPLACE_EXISTING);
        return aliased();
    }

    private Map<String, Value> metadata(String collection) throws IOException {
        return await(collection, "read the collection " + collection, client.getCollectionInfoAsync(collection, timeout))
                .getConfig().getMetadataMap();
    }

    private void updateMetadata(String collection, Map<String, Value> entries) throws IOException {
        await(collection, "update the metadata of " + collection, client.updateCollectionAsync(UpdateCollection.newBuilder()
                .setCollectionName(collection).putAllMetadata(entries).build(), timeout));
    }

    /** Model and dimensions from the collection's metadata, written when it was created. */
    static IndexPointer pointer(String collection, Map<String, Value> metadata) {
        String model = string(metadata.get(QdrantCollection.META_MODEL));
        Number dimensions = number(metadata.get(QdrantCollection.META_DIMENSIONS));
        if (model.isEmpty() || dimensions.intValue() <= 0) {
            throw new IllegalStateException("the Qdrant collection " + collection + " does not record its model and"
                    + " dimensions (metadata " + QdrantCollection.META_MODEL + ", " + QdrantCollection.META_DIMENSIONS
                    + "): it was not made by vector-service");
        }
        return new IndexPointer(model, dimensions.intValue(), collection);
    }

    private static String string(Value value) {
        return value == null || value.getKindCase() != Value.KindCase.STRING_VALUE ? "" : value.getStringValue();
    }

    private static Number number(Value value) {
        if (value == null) {
            return 0;
        }
        return switch (value.getKindCase()) {
            case INTEGER_VALUE -> value.getIntegerValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case STRING_VALUE -> Double.parseDouble(value.getStringValue());
            default -> 0;
        };
    }

    private <T> T await(String collection, String what, ListenableFuture<T> future) throws IOException {
        return QdrantCalls.await(tracer, collection, what, future, timeout);
    }
}
