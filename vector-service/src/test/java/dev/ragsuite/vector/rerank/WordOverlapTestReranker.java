package dev.ragsuite.vector.rerank;

import dev.ragsuite.vector.store.ScoredChunk;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A test reranker plugged in the documented way (a CDI bean, selected by name): scores each
 * candidate by the fraction of its words that are query words, a different order from the
 * index's. Remembers how many candidates it was last given. Only used where a test enables it.
 */
@ApplicationScoped
public class WordOverlapTestReranker implements Reranker {

    static final String NAME = "test-word-overlap";

    private final AtomicInteger lastCandidates = new AtomicInteger(-1);

    /** How many candidates the last call got; -1 after {@link #forget()}. (A method: fields of a client proxy are not the bean's.) */
    int lastCandidates() {
        return lastCandidates.get();
    }

    void forget() {
        lastCandidates.set(-1);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ScoredChunk> rerank(String query, List<ScoredChunk> candidates, int topK) {
        lastCandidates.set(candidates.size());
        Set<String> queryWords = words(query);
        return candidates.stream()
                .map(c -> new ScoredChunk(c.chunkId(), c.documentId(), c.documentName(), c.position(), c.text(),
                        overlap(queryWords, c.text()), c.page(), c.headingPath()))
                .sorted(Comparator.comparingDouble(ScoredChunk::score).reversed())
                .limit(topK)
                .toList();
    }

    private static double overlap(Set<String> queryWords, String text) {
        List<String> words = Arrays.asList(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
        long shared = words.stream().filter(queryWords::contains).count();
        return words.isEmpty() ? 0 : (double) shared / words.size();
    }

    private static Set<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> !w.isEmpty()).collect(Collectors.toSet());
    }
}
