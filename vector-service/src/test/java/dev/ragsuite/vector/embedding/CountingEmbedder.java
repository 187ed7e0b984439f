package dev.ragsuite.vector.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A deterministic test model: each text gets a unit vector drawn from a generator seeded by the
 * text, so the same text always has the same vector and different texts differ. Records every
 * call's texts, so a test sees exactly what reached the model.
 */
final class CountingEmbedder extends TestModel {

    final List<List<String>> calls = new CopyOnWriteArrayList<>();

    CountingEmbedder(String name, int dimensions) {
        super(name, dimensions);
    }

    static float[] vectorOf(String text, int dimensions) {
        Random random = new Random(text.hashCode());
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return Vectors.normalise(vector);
    }

    @Override
    public float[] embed(String text) {
        calls.add(List.of(text));
        return vectorOf(text, dimensions());
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        calls.add(List.copyOf(texts));
        List<float[]> out = new ArrayList<>();
        texts.forEach(t -> out.add(vectorOf(t, dimensions())));
        return out;
    }

    int textsEmbedded() {
        return calls.stream().mapToInt(List::size).sum();
    }
}
