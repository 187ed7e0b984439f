package dev.ragsuite.vector.api;

/**
 * What the active index was built with; vectors of different models or dimensions never mix.
 *
 * @param model the embedding model's name
 * @param dimensions the length of every vector in the index
 * @param backend the store, e.g. "lucene"
 * @param chunkerVersion the chunker version of the most recent write into the index; null when unknown
 * @param index the name of the active index (for Lucene its folder, {@code <model>-<dimensions>}); null when unknown
 * @param reindex the background re-index into the configured model's index; null when the server does not say
 */
public record IndexManifest(String model, int dimensions, String backend, String chunkerVersion, String index,
        ReindexStatus reindex) {

    /** The manifest before re-indexing existed. */
    public IndexManifest(String model, int dimensions, String backend) {
        this(model, dimensions, backend, null, null, null);
    }
}
