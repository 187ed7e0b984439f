package dev.ragsuite.vector.embedding;

/** A named test model of fixed dimensions; subclasses decide how texts become vectors. */
public abstract class TestModel implements Embedder {

    private final String name;
    private final int dimensions;

    protected TestModel(String name, int dimensions) {
        if (name == null || name.isBlank() || dimensions < 1) {
            throw new IllegalArgumentException("a test model needs a name and at least one dimension");
        }
        this.name = name;
        this.dimensions = dimensions;
    }

    @Override
    public final String modelName() {
        return name;
    }

    @Override
    public final int dimensions() {
        return dimensions;
    }
}
