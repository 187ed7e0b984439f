package dev.ragsuite.vector.store.lucene;

import dev.ragsuite.vector.store.FileIndexState;
import dev.ragsuite.vector.store.IndexMarkers;
import dev.ragsuite.vector.store.IndexPointer;
import dev.ragsuite.vector.store.IndexState;
import dev.ragsuite.vector.store.StoreFactory;
import dev.ragsuite.vector.store.VectorStore;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Lucene indexes in folders {@code <model>-<dimensions>} under the index root. */
public final class LuceneStoreFactory implements StoreFactory {

    /** The marker naming the active folder, in the index root. */
    public static final String POINTER = "ACTIVE";

    private final LuceneFolders folders;
    private final FusionSettings settings;
    private final LuceneCompaction compaction;

    public LuceneStoreFactory(LuceneFolders folders, FusionSettings settings, LuceneCompaction compaction) {
        this.folders = folders;
        this.settings = settings;
        this.compaction = compaction;
    }

    @Override
    public String backend() {
        return LuceneVectorStore.NAME;
    }

    /** The markers {@code ACTIVE} and {@code LAST-REINDEX} in the index root: one process owns the folders. */
    @Override
    public IndexState state(Path root) {
        return new FileIndexState(new IndexMarkers(root, POINTER));
    }

    @Override
    public Optional<IndexPointer> migrateLegacyLayout() throws IOException {
        return folders.migrateLegacy();
    }

    @Override
    public String indexName(String model, int dimensions) {
        return LuceneFolders.indexName(model, dimensions);
    }

    @Override
    public VectorStore open(String index, String model, int dimensions) throws IOException {
        return new LuceneVectorStore(folders.folder(index), model, dimensions, settings, compaction);
    }

    @Override
    public List<String> indexes() throws IOException {
        return folders.indexes();
    }

    @Override
    public void delete(String index) throws IOException {
        folders.deleteIndex(index);
    }

    /** The embedded index is on local disk: nothing to reach. */
    @Override
    public Optional<String> probe() {
        return Optional.empty();
    }

    @Override
    public void close() {
        // nothing held beyond the stores
    }
}
