package dev.ragsuite.vector.rerank;

import dev.ragsuite.vector.config.VectorConfig;
import dev.ragsuite.vector.store.ScoredChunk;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Applies the configured {@link Reranker}, if reranking is on: resolved once at start-up among the
 * {@code Reranker} beans by {@code rag.vector.rerank.provider} (may be left out when exactly one
 * exists), so a misconfiguration stops the service instead of surfacing on the first search. A
 * reranker that fails or returns chunks it was not given does not fail the search: the index's
 * order is kept, counted and logged.
 */
@Singleton
@Startup
public class RerankStage {

    private static final Logger LOG = Logger.getLogger(RerankStage.class);

    private final Reranker reranker;
    private final int candidates;
    private final Timer timer;
    private final Counter failures;

    @Inject
    public RerankStage(VectorConfig config, @Any Instance<Reranker> available, MeterRegistry registry) {
        this(config.rerank().enabled() ? select(config.rerank().provider(), available.stream().toList()) : null,
                config.rerank().candidates(), registry);
    }

    /** @param reranker the reranker to apply, or null for none */
    RerankStage(Reranker reranker, int candidates, MeterRegistry registry) {
        this.reranker = reranker;
        this.candidates = candidates;
        if (reranker == null) {
            this.timer = null;
            this.failures = null;
            return;
        }
        this.timer = Timer.builder("rag.vector.rerank").description("Time to rerank the candidates of one search")
                .tag("reranker", reranker.name()).register(registry);
        this.failures = Counter.builder("rag.vector.rerank.failures")
                .description("Searches whose reranking failed; the index order was kept")
                .tag("reranker", reranker.name()).register(registry);
        LOG.infof("Reranking on: %s over %d candidates", reranker.name(), candidates);
    }

    static Reranker select(Optional<String> provider, List<Reranker> available) {
        String names = available.stream().map(Reranker::name).sorted().collect(Collectors.joining(", "));
        if (provider.isEmpty()) {
            if (available.size() == 1) {
                return available.get(0);
            }
            throw new IllegalStateException("rag.vector.rerank.enabled=true needs rag.vector.rerank.provider naming one of: "
                    + (names.isEmpty() ? "(no Reranker bean in this build)" : names));
        }
        return available.stream().filter(r -> r.name().equals(provider.get().trim())).findFirst()
                .orElseThrow(() -> new IllegalStateException("rag.vector.rerank.provider=" + provider.get()
                        + " is not a Reranker in this build; available: " + (names.isEmpty() ? "none" : names)));
    }

    public boolean enabled() {
        return reranker != null;
    }

    /** How many hits to ask the index for when the caller wants {@code topK}. */
    public int fetchSize(int topK) {
        return reranker == null ? topK : Math.max(topK, candidates);
    }

    /** The top {@code topK} of {@code hits}, reordered by the reranker when one is on. */
    public List<ScoredChunk> apply(String query, List<ScoredChunk> hits, int topK) {
        if (reranker == null || hits.isEmpty()) {
            return hits.size() > topK ? hits.subList(0, topK) : hits;
        }
        try {
            List<ScoredChunk> reranked = timer.record(() -> reranker.rerank(query, hits, topK));
            requireSubset(hits, reranked);
            return reranked.size() > topK ? reranked.subList(0, topK) : reranked;
        } catch (RuntimeException e) {
            failures.increment();
            LOG.warnf(e, "Reranker %s failed; the index order is kept", reranker.name());
            return hits.size() > topK ? hits.subList(0, topK) : hits;
        }
    }

    private void requireSubset(List<ScoredChunk> given, List<ScoredChunk> returned) {
        Set<String> ids = new HashSet<>();
        given.forEach(c -> ids.add(c.documentId() + "/" + c.chunkId()));
        for (ScoredChunk chunk : returned) {
            if (!ids.contains(chunk.documentId() + "/" + chunk.chunkId())) {
                throw new IllegalStateException("reranker " + reranker.name() + " returned chunk " + chunk.chunkId()
                        + " that was not among the candidates");
            }
        }
    }
}
