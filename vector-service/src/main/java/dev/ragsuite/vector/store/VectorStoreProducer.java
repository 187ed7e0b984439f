package dev.ragsuite.vector.store;

import dev.ragsuite.vector.config.VectorConfig;
import dev.ragsuite.vector.embedding.Embedder;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** Opens the vector store once, at startup, and closes it (durably) on shutdown. */
@ApplicationScoped
public class VectorStoreProducer {

    private static final Logger LOG = Logger.getLogger(VectorStoreProducer.class);

    @Produces
    @Singleton
    @Startup
    VectorStore vectorStore(VectorConfig config, Embedder embedder) throws IOException {
        Path dir = Path.of(config.indexDir()).toAbsolutePath().normalize();
        VectorConfig.Search search = config.search();
        LuceneVectorStore store = new LuceneVectorStore(dir, embedder.modelName(), embedder.dimensions(),
                new FusionSettings(search.denseWeight(), search.candidateFactor(), search.minCandidates()));
        LOG.infof("Vector index %s opened at %s with %d chunks", store.name(), dir, store.size());
        return store;
    }

    void close(@Disposes VectorStore store) {
        store.close();
        LOG.infof("Vector index %s closed", store.name());
    }
}
