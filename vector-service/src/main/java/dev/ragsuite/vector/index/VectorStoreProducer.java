package dev.ragsuite.vector.index;

import dev.ragsuite.vector.config.VectorConfig;
import dev.ragsuite.vector.embedding.provider.EmbedderRegistry;
import dev.ragsuite.vector.store.StoreFactory;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import dev.ragsuite.vector.store.lucene.LuceneCompaction;
import dev.ragsuite.vector.store.lucene.LuceneFolders;
import dev.ragsuite.vector.store.lucene.LuceneStoreFactory;
import dev.ragsuite.vector.store.qdrant.QdrantStoreFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.Startup;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Opens the indexes once, at startup (which may start a background re-index), publishes the
 * re-index progress as metrics, and closes everything (durably) on shutdown.
 */
@ApplicationScoped
public class VectorStoreProducer {

    private static final Logger LOG = Logger.getLogger(VectorStoreProducer.class);

    @Produces
    @Singleton
    @Startup
    IndexManager indexes(VectorConfig config, EmbedderRegistry embedders, MeterRegistry registry, OpenTelemetry otel,
            Redis redis) throws IOException {
        Path root = Path.of(config.indexDir()).toAbsolutePath().normalize();
        VectorConfig.Search search = config.search();
        FusionSettings fusion = new FusionSettings(search.denseWeight(), search.candidateFactor(), search.minCandidates());
        IndexManager manager = IndexManager.open(root, stores(config, root, fusion, otel.getTracer("dev.ragsuite.vector.qdrant")),
                embedders.configuredModel(), embedders, config.reindex().batchSize(), config.reindex().deleteRetired(),
                replicas(config, redis));
        Gauge.builder("rag.vector.reindex.chunks", manager, m -> m.reindexStatus().done())
                .description("Chunks re-embedded into the new index so far").tag("kind", "done").register(registry);
        Gauge.builder("rag.vector.reindex.chunks", manager, m -> m.reindexStatus().total())
                .description("Chunks to re-embed into the new index").tag("kind", "total").register(registry);
        Gauge.builder("rag.vector.reindex.running", manager,
                m -> "running".equals(m.reindexStatus().state()) ? 1 : 0)
                .description("1 while the index is re-embedded with another model").register(registry);
        Gauge.builder("rag.vector.reindex.rate", manager, m -> m.reindexStatus().chunksPerSecond())
                .description("Re-embedding throughput, chunks per second").register(registry);
        Gauge.builder("rag.vector.index.chunks", manager, IndexManager::size)
                .description("Chunks in the active index").register(registry);
        LOG.infof("Vector index %s (%s) opened, marker under %s (model %s)", manager.index(), manager.backend(), root,
                manager.model());
        return manager;
    }

    /** Replicas share a Qdrant index: the re-index lease is a Redis key per collection prefix. */
    static Replicas replicas(VectorConfig config, Redis redis) {
        VectorConfig.Replicas settings = config.replicas();
        if (config.store() == VectorConfig.Backend.LUCENE) {
            return new Replicas(ReindexLease.LOCAL, settings.followInterval(), settings.writeGrace());
        }
        return new Replicas(new RedisReindexLease(redis, settings.leaseKeyPrefix() + config.qdrant().collectionPrefix(),
                settings.leaseTtl()), settings.followInterval(), settings.writeGrace());
    }

    /** The backend {@code rag.vector.store} names: Lucene folders under {@code root}, or Qdrant collections. */
    static StoreFactory stores(VectorConfig config, Path root, FusionSettings fusion, Tracer tracer) {
        if (config.store() == VectorConfig.Backend.LUCENE) {
            return new LuceneStoreFactory(new LuceneFolders(root), fusion,
                    new LuceneCompaction(config.compaction().idleAfter(), config.compaction().maxSegmentMb()));
        }
        VectorConfig.Qdrant qdrant = config.qdrant();
        String url = qdrant.url().orElseThrow(() -> new IllegalStateException(
                "rag.vector.store=qdrant needs rag.vector.qdrant.url (env QDRANT_URL), e.g. http://localhost:6334"));
        LOG.infof("Vector store: Qdrant at %s, collections %s_<model>_<dimensions>, the active one aliased %s_active", url,
                qdrant.collectionPrefix(), qdrant.collectionPrefix());
        return new QdrantStoreFactory(QdrantStoreFactory.connect(url, qdrant.apiKey(), qdrant.timeout()),
                qdrant.collectionPrefix(), fusion, qdrant.timeout(), qdrant.upsertBatchSize(), qdrant.keywordAverageTerms(),
                tracer);
    }

    void close(@Disposes IndexManager manager) {
        manager.close();
        LOG.info("Vector indexes closed");
    }
}
