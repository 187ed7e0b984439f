package dev.ragsuite.vector.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which retrievers a search uses: both fused (the default), keyword (BM25) only, or dense
 * (vector similarity) only. The single-retriever modes exist to compare and debug retrieval
 * (the evaluation command runs all three side by side); answers use {@link #HYBRID}.
 */
public enum RetrievalMode {
    HYBRID("hybrid"),
    BM25("bm25"),
    DENSE("dense");

    private final String wire;

    RetrievalMode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Parses the wire name (case-insensitive); null stays null (the caller's default applies). */
    @JsonCreator
    public static RetrievalMode of(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.wire.equals(v)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown retrieval mode '" + value + "'; one of "
                        + Arrays.stream(values()).map(RetrievalMode::wire).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return wire;
    }
}
