package dev.ragsuite.vector.store;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Lucene indexes in folders {@code <model>-<dimensions>} under the index root. */
public final class LuceneStoreFactory implements StoreFactory {

    private final IndexLayout layout;
    private final FusionSettings settings;

    public LuceneStoreFactory(IndexLayout layout, FusionSettings settings) {
        this.layout = layout;
        this.settings = settings;
    }

    @Override
    public String backend() {
        return LuceneVectorStore.NAME;
    }

    @Override
    public String pointerFile() {
        return IndexLayout.POINTER;
    }

    @Override
    public void migrateLegacyLayout() throws IOException {
        layout.migrateLegacy();
    }

    @Override
    public String indexName(String model, int dimensions) {
        return IndexLayout.indexName(model, dimensions);
    }

    @Override
    public VectorStore open(String index, String model, int dimensions) throws IOException {
        return new LuceneVectorStore(layout.folder(index), model, dimensions, settings);
    }

    @Override
    public List<String> indexes() throws IOException {
        return layout.indexes();
    }

    @Override
    public void delete(String index) throws IOException {
        layout.deleteIndex(index);
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
