package dev.ragsuite.vector.store;

/**
 * A vector whose length is not the index's dimension count: it comes from another model and would
 * corrupt similarity search, so it is refused before anything of its batch is written.
 */
public class DimensionMismatchException extends IllegalArgumentException {

    private final int expected;
    private final int actual;

    public DimensionMismatchException(String model, int expected, int actual) {
        super("vectors must have " + expected + " dimensions (index of " + model + "), got "
                + (actual == 0 ? "none" : Integer.toString(actual)));
        this.expected = expected;
        this.actual = actual;
    }

    public int expected() {
        return expected;
    }

    public int actual() {
        return actual;
    }
}
