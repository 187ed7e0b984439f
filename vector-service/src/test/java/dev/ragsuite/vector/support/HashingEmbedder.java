package dev.ragsuite.vector.support;

import dev.ragsuite.vector.embedding.TestModel;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A small deterministic test model: each lower-cased word adds 1 to a hashed dimension (seeded by the
 * model name, so two models disagree), then L2-normalised. Texts sharing words are close, which is
 * enough to check that search works under a given model. Counts the texts it embeds; an optional
 * hook runs before each batch (to pause or interrupt a re-index at a known point).
 */
public final class HashingEmbedder extends TestModel {

    public final AtomicInteger texts = new AtomicInteger();
    public final AtomicInteger batches = new AtomicInteger();
    public volatile IntConsumer beforeBatch = n -> { };
    private final String seed;

    public HashingEmbedder(String name, int dimensions) {
        this(name, dimensions, name);
    }

    private HashingEmbedder(String name, int dimensions, String seed) {
        super(name, dimensions);
        this.seed = seed;
    }

    /** The same bag of hashed words, not seeded by the name: each word lands where its own hash says. */
    public static HashingEmbedder unseeded(String name, int dimensions) {
        return new HashingEmbedder(name, dimensions, "");
    }

    @Override
    public float[] embed(String text) {
        int dimensions = dimensions();
        float[] vector = new float[dimensions];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                vector[Math.floorMod((seed + word).hashCode(), dimensions)] += 1f;
            }
        }
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        if (norm == 0) {
            vector[0] = 1f;
            return vector;
        }
        for (int i = 0; i < dimensions; i++) {
            vector[i] /= (float) Math.sqrt(norm);
        }
        return vector;
    }

    @Override
    public List<float[]> embedAll(List<String> batch) {
        if (!batch.isEmpty()) {
            beforeBatch.accept(batches.incrementAndGet());
        }
        texts.addAndGet(batch.size());
        return batch.stream().map(this::embed).toList();
    }
}
