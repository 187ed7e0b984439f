package dev.ragsuite.vector.embedding;

import dev.ragsuite.vector.store.DimensionMismatchException;
import dev.ragsuite.vector.store.ExportedChunk;
import dev.ragsuite.vector.store.StoredChunk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Embeds chunks for the index they are written to: with that index's model, always for one owner at a
 * time, so a cache in front ({@link CachingEmbedder}) keys every entry by its owner.
 */
public final class ChunkEmbedder {

    private ChunkEmbedder() {
    }

    /**
     * The chunks of one owner with their vectors, in order: the model embeds every text (in one batch)
     * whose chunk carries no vector, or every text when {@code acceptCallerVectors} is false.
     *
     * @param model the model of the index written to, for the error when a caller's vector does not fit
     * @param dimensions the index's dimension count, which a caller's vector must have
     * @throws DimensionMismatchException if an accepted caller vector does not have {@code dimensions}
     */
    public static List<StoredChunk> embed(Embedder embedder, String model, int dimensions, String ownerId,
            List<ChunkInput> chunks, boolean acceptCallerVectors) {
        List<StoredChunk> out = new ArrayList<>(chunks.size());
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            ChunkInput chunk = chunks.get(i);
            if (acceptCallerVectors && chunk.vector() != null) {
                if (chunk.vector().length != dimensions) {
                    throw new DimensionMismatchException(model, dimensions, chunk.vector().length);
                }
                out.add(chunk.with(chunk.vector()));
            } else {
                out.add(null);
                missing.add(i);
            }
        }
        List<float[]> vectors = embedder.forOwner(ownerId).embedAll(missing.stream().map(i -> chunks.get(i).text()).toList());
        for (int j = 0; j < missing.size(); j++) {
            out.set(missing.get(j), chunks.get(missing.get(j)).with(vectors.get(j)));
        }
        return out;
    }

    /**
     * The vectors of texts of several owners (re-embedding an index into another model): one batch per
     * owner, in the order owners first appear.
     *
     * @param texts chunk {@link ExportedChunk#key() key} → text
     * @return chunk key → vector
     */
    public static Map<String, float[]> embedByOwner(Embedder embedder, Map<String, String> texts) {
        Map<String, List<String>> byOwner = new LinkedHashMap<>();
        for (String key : texts.keySet()) {
            byOwner.computeIfAbsent(ExportedChunk.ownerOf(key), owner -> new ArrayList<>()).add(key);
        }
        Map<String, float[]> vectors = new HashMap<>(texts.size() * 2);
        byOwner.forEach((owner, keys) -> {
            List<float[]> embedded = embedder.forOwner(owner).embedAll(keys.stream().map(texts::get).toList());
            for (int j = 0; j < keys.size(); j++) {
                vectors.put(keys.get(j), embedded.get(j));
            }
        });
        return vectors;
    }
}
